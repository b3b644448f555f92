#!/usr/bin/env python3
"""Writes the legacy-charset corpus: each NAME.eml is a post as a Hong Kong or mainland mail
program writes it (Python's own codecs encode it, not Java's), and NAME.expected holds, in UTF-8,
the subject on its first line and the body text after it. Run from this folder: python3 make-corpus.py"""
import base64, quopri

# Hong Kong supplementary characters (HKSCS) a Cantonese writer uses: 嘅 咗 冇 啲 𨋢 (U+282E2, a lift).
HK = "伺服器𨋢嘅控制台已經俾人入侵咗，冇人留意到啲異常登入。"
BODY_TC = "網上銀行釣魚攻擊警報：攻擊者以仿冒網站收集客戶密碼。\n請留意以下網域：bank-hk-login.example\n"
BODY_SC = "勒索软件攻击医院系统，攻击者要求以比特币支付赎金。\n请立即检查备份。\n"
BODY_GB18030 = "罕见字：㐀䶵 与 𠀀（四字节编码）。勒索软件 LockBit 3.0 新变种。\n"

def b(text, codec):
    return text.encode(codec)

def ew(text, label, codec, enc="B"):
    raw = text.encode(codec)
    if enc == "B":
        return "=?%s?B?%s?=" % (label, base64.b64encode(raw).decode())
    return "=?%s?Q?%s?=" % (label, quopri.encodestring(raw, header=True).decode())

def write(name, headers, body_bytes, subject, text):
    with open(name + ".eml", "wb") as f:
        f.write(headers.replace("\n", "\r\n").encode("ascii", "surrogateescape") if isinstance(headers, str) else headers)
        f.write(b"\r\n")
        f.write(body_bytes)
    with open(name + ".expected", "w", encoding="utf-8") as f:
        f.write(subject + "\n" + text)

def hdr(subject_field, ctype, cte, extra=""):
    return ("From: alice@bank-one.example\nTo: finance@hub.localhost\nSubject: %s\nMessage-ID: <{ID}>\n"
            "Date: Sat, 05 Dec 2026 09:00:00 +0800\nMIME-Version: 1.0\n%sContent-Type: %s\n"
            "Content-Transfer-Encoding: %s\n") % (subject_field, extra, ctype, cte)

# 1. Outlook (Traditional Chinese, Hong Kong): Big5 labelled "big5", base64 body, B-encoded subject with HKSCS characters.
s1 = "TLP:GREEN 【警報】控制台入侵 𨋢 嘅事"
t1 = BODY_TC + HK + "\n"
write("outlook-big5-hkscs", hdr(ew(s1, "big5", "big5hkscs"), 'text/plain; charset="big5"', "base64"),
      base64.encodebytes(b(t1, "big5hkscs")).replace(b"\n", b"\r\n"), s1, t1)

# 2. An old webmail: raw 8-bit Big5 subject (no encoded word) and an 8bit body.
s2 = "TLP:GREEN 勒索軟件攻擊醫院"
t2 = "醫院系統遭勒索軟件攻擊，攻擊者要求以比特幣支付贖金。\n"
write("webmail-big5-raw", hdr("{RAWSUBJECT}", "text/plain; charset=big5", "8bit").replace("{RAWSUBJECT}", s2.encode("big5").decode("latin-1")).encode("latin-1"),
      b(t2, "big5").replace(b"\n", b"\r\n"), s2, t2)

# 3. Foxmail (mainland): GB2312 label, quoted-printable body in GBK characters beyond GB2312 (镕 is GBK only).
s3 = "TLP:GREEN 勒索软件 LockBit 警报"
t3 = BODY_SC + "朱镕基\n"
write("foxmail-gb2312-qp", hdr(ew(s3, "gb2312", "gbk", "Q"), "text/plain; charset=gb2312", "quoted-printable"),
      quopri.encodestring(b(t3, "gbk").replace(b"\n", b"\r\n")), s3, t3)

# 4. GBK label, base64 subject and body.
s4 = "TLP:CLEAR 漏洞建议：修补 VPN 设备"
t4 = "请立即安装修补程序，CVE-2026-1234 已被利用。\n"
write("gbk-base64", hdr(ew(s4, "GBK", "gbk"), "text/plain; charset=GBK", "base64"),
      base64.encodebytes(b(t4, "gbk")).replace(b"\n", b"\r\n"), s4, t4)

# 5. GB18030 with four-byte characters.
s5 = "TLP:GREEN 罕见字 𠀀 测试"
t5 = BODY_GB18030
write("gb18030-four-byte", hdr(ew(s5, "gb18030", "gb18030"), "text/plain; charset=gb18030", "base64"),
      base64.encodebytes(b(t5, "gb18030")).replace(b"\n", b"\r\n"), s5, t5)

# 6. Outlook multipart/alternative: Big5-HKSCS label, plain and HTML parts, an attachment named in Big5.
s6 = "TLP:GREEN 【建議】保安公告 啲更新"
t6 = "請盡快安裝保安更新，啲舊版本已經冇支援。\n"
html = "<html><body><p>請盡快安裝保安更新，啲舊版本已經冇支援。</p></body></html>"
name = ew("報告.txt", "big5-hkscs", "big5hkscs")
body6 = ("--b1\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n"
         "--b2\r\nContent-Type: text/plain; charset=\"big5-hkscs\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
         + base64.encodebytes(b(t6, "big5hkscs")).decode().replace("\n", "\r\n") +
         "--b2\r\nContent-Type: text/html; charset=\"big5-hkscs\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
         + base64.encodebytes(b(html, "big5hkscs")).decode().replace("\n", "\r\n") +
         "--b2--\r\n"
         "--b1\r\nContent-Type: text/plain; charset=\"big5-hkscs\"; name=\"" + name + "\"\r\n"
         "Content-Disposition: attachment; filename=\"" + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
         + base64.encodebytes(b("附件內容：𨋢\n", "big5hkscs")).decode().replace("\n", "\r\n") +
         "--b1--\r\n").encode("ascii")
write("outlook-multipart-hkscs", hdr(ew(s6, "big5-hkscs", "big5hkscs"), 'multipart/mixed; boundary="b1"', "7bit"),
      body6, s6, t6)

# 7. A sender's name in Big5 (the From line) and a Big5 subject in two encoded words split mid-phrase.
s7 = "TLP:GREEN 網上銀行釣魚攻擊警報"
half = len(s7) // 2
subj7 = ew(s7[:half], "big5", "big5") + "\n " + ew(s7[half:], "big5", "big5")
hdr7 = hdr(subj7, "text/plain; charset=big5", "base64").replace("From: alice@bank-one.example",
      "From: " + ew("陳大文", "big5", "big5") + " <alice@bank-one.example>")
t7 = BODY_TC
write("big5-split-words", hdr7, base64.encodebytes(b(t7, "big5")).replace(b"\n", b"\r\n"), s7, t7)

# 8. Mixed English and Chinese, labelled x-gbk as some clients do.
s8 = "TLP:GREEN Phishing 钓鱼网站 alert"
t8 = "Phishing kit 钓鱼工具包 targeting online banking 网上银行.\n"
write("x-gbk-mixed", hdr(ew(s8, "x-gbk", "gbk"), "text/plain; charset=x-gbk", "base64"),
      base64.encodebytes(b(t8, "gbk")).replace(b"\n", b"\r\n"), s8, t8)
