#!/usr/bin/env python3
"""Writes the judged set for Chinese search (issue 28): posts.tsv (id, topic, subject, body) and
queries.tsv (query, the topics whose posts answer it). Posts are put together, with a fixed seed,
from sentences written per topic as Hong Kong members write alerts (Traditional Chinese, English
names of malware and products, mixed); some sentences say a topic's idea in other words than the
queries use, and 45 posts on other matters reuse the queries' characters in other words (港幣,
比較, 特別 for 比特幣; 贖回, 金額 for 贖金; 洩漏 for 漏洞), which only an analyzer that keeps
words together tells apart. A post answers a query when it is about one of the query's topics:
judged by topic, not by the words in it. Run: python3 make-judged-set.py"""
import random
random.seed(28)

T = {}
def topic(key, subjects, sentences):
    T[key] = (subjects, sentences)

topic("phishing", ["【警報】網上銀行釣魚攻擊", "仿冒銀行網站大量出現", "釣魚短訊冒充銀行", "TLP:GREEN 網上銀行客戶遭釣魚"],
      ["攻擊者以仿冒網站收集網上銀行客戶的登入密碼。", "釣魚短訊聲稱戶口被凍結，要求客戶點擊連結。",
       "假冒銀行的網站要求輸入一次性密碼。", "請提醒客戶不要點擊短訊內的連結登入網上銀行。",
       "今次釣魚攻擊針對多間本地銀行的客戶。", "偽造的登入頁面與真網站幾乎一樣。", "Phishing kit 以 bank-hk-login.example 為網域。"])
topic("ai-phishing", ["人工智能生成的釣魚電郵", "AI 撰寫的釣魚郵件更難識別"],
      ["攻擊者利用生成式人工智能撰寫釣魚電郵，文法完全正確。", "釣魚郵件模仿行政總裁的語氣要求轉帳。",
       "AI 生成的內容令傳統過濾規則失效。", "建議加強員工對釣魚電郵的培訓。"])
topic("lockbit", ["【警報】醫院遭 LockBit 勒索軟件攻擊", "勒索軟件 LockBit 3.0 新變種", "LockBit 勒索集團公布受害者名單"],
      ["醫院的檔案伺服器被勒索軟件加密。", "攻擊者要求以比特幣支付贖金。", "LockBit 3.0 會先刪除備份再加密檔案。",
       "勒索集團威脅公開病人資料。", "請立即檢查離線備份是否完整。", "贖金要求高達五十萬美元。", "勒索程式經由遠端桌面入侵。"])
topic("blackcat", ["物流公司遭 BlackCat 勒索", "ALPHV 勒索軟件攻擊物流業"],
      ["BlackCat（ALPHV）勒索軟件加密了倉庫管理系統。", "攻擊者要求支付比特幣贖金，否則公開客戶資料。",
       "勒索軟件以 Rust 編寫，可在 Linux 及 Windows 執行。", "受影響公司拒絕支付贖金並從備份還原。"])
topic("ddos", ["【警報】電訊商遭分散式阻斷服務攻擊", "DDoS 攻擊流量創新高", "阻斷服務攻擊針對網上服務"],
      ["分散式阻斷服務攻擊令網站數小時無法使用。", "DDoS 流量高峰達每秒三百吉位元。", "攻擊來源包括大量受感染的路由器。",
       "建議啟用流量清洗服務。", "阻斷服務攻擊同時針對域名伺服器。"])
topic("vpn", ["【建議】VPN 設備漏洞 CVE-2025-0282", "Ivanti VPN 漏洞被利用", "Fortinet SSL VPN 修補"],
      ["VPN 設備的漏洞已被攻擊者積極利用。", "請立即安裝修補程式並重設管理員密碼。", "CVE-2025-0282 容許未經認證的遠端執行程式碼。",
       "受影響版本包括 22.7R2.4 或之前。", "修補前請限制管理介面的存取。", "漏洞掃描顯示仍有大量設備未修補。"])
topic("zero-day", ["瀏覽器零日漏洞", "Chrome 零日漏洞緊急更新"],
      ["Chrome 瀏覽器的零日漏洞已被利用。", "請將瀏覽器更新至最新版本。", "漏洞位於 V8 引擎，可導致遠端執行程式碼。",
       "零日攻擊透過惡意廣告散播。"])
topic("supply-chain", ["軟件供應鏈攻擊", "供應商更新程式被植入後門"],
      ["攻擊者入侵軟件供應商，在更新程式中植入後門。", "供應鏈攻擊影響數百間下游機構。",
       "請核對軟件更新的數碼簽署。", "第三方程式庫被加入惡意程式碼。"])
topic("bec", ["商業電郵詐騙個案上升", "冒充供應商更改收款帳戶"],
      ["詐騙者冒充供應商，要求更改收款銀行帳戶。", "商業電郵詐騙令公司損失二百萬港元。",
       "電郵詐騙通常利用相似的網域名稱。", "付款前請以電話核實收款資料。"])
topic("botnet", ["殭屍網絡 Mirai 新變種", "物聯網設備組成殭屍網絡"],
      ["Mirai 殭屍網絡利用預設密碼感染網絡攝影機。", "受感染的物聯網設備被用作發動攻擊。",
       "殭屍網絡的控制伺服器位於 203.0.113.50。", "請更改所有設備的預設密碼。"])
topic("breach", ["客戶資料外洩事故", "個人資料外洩通報"],
      ["約十萬名客戶的個人資料外洩。", "外洩資料包括姓名、電話及地址。", "公司已通知私隱專員公署。",
       "資料外洩源於設定錯誤的資料庫。"])
topic("deepfake", ["深度偽造視像會議詐騙", "Deepfake 冒充財務總監"],
      ["詐騙者以深度偽造技術冒充財務總監參與視像會議。", "職員被騙轉帳二億港元。", "深偽影片與真人幾乎無法分辨。",
       "建議大額轉帳須經多重核實。"])
topic("crypto", ["加密貨幣投資詐騙", "虛假虛擬資產交易平台"],
      ["虛假加密貨幣交易平台騙取投資者資金。", "詐騙者承諾以比特幣投資獲取高回報。", "虛擬資產平台突然停止提款。",
       "請只使用持牌的虛擬資產交易平台。"])
topic("events", ["網絡保安研討會邀請", "事故應變工作坊", "雲端保安講座"],
      ["研討會將於下月在會議中心舉行，歡迎成員報名。", "工作坊會模擬勒索軟件事故應變。", "講座將介紹最新的雲端保安指引。",
       "請於週五前報名，名額有限。", "議程包括專題演講及小組討論。"])
topic("emotet", ["Emotet 木馬再度活躍", "惡意附件散播木馬程式"],
      ["Emotet 木馬透過惡意 Word 附件散播。", "木馬程式會竊取電郵通訊錄並自我傳播。", "惡意軟件會下載其他勒索程式。",
       "請封鎖含巨集的附件。"])
topic("cloud", ["雲端儲存設定錯誤", "S3 儲存桶公開存取"],
      ["雲端儲存桶設定錯誤，令檔案可被公開下載。", "請檢查所有 S3 儲存桶的存取權限。", "雲端服務的存取金鑰被上載至公開程式庫。",
       "建議啟用雲端設定的自動檢查。"])
topic("insider", ["內部威脅個案分享", "離職員工下載客戶資料"],
      ["離職員工在離職前下載大量客戶資料。", "內部威脅難以單靠防火牆防範。", "建議監察異常的大量下載。"])
topic("ics", ["工控系統遭入侵", "水務設施 SCADA 系統警報"],
      ["攻擊者入侵水務設施的 SCADA 系統。", "工業控制系統的遠端存取缺乏多重認證。", "請將工控網絡與辦公室網絡隔離。"])
topic("mobile", ["安卓銀行木馬", "惡意手機應用程式竊取網上銀行密碼"],
      ["安卓銀行木馬偽裝成送貨應用程式。", "惡意應用程式會攔截短訊驗證碼。", "木馬可竊取網上銀行的登入資料。",
       "請只從官方商店下載應用程式。"])
topic("spray", ["Microsoft 365 密碼噴灑攻擊", "大量帳戶遭密碼噴灑"],
      ["攻擊者以常用密碼嘗試登入大量 Microsoft 365 帳戶。", "密碼噴灑攻擊來自多個雲端地址。", "請為所有帳戶啟用多重認證。"])

# Posts on other matters that reuse the queries' characters in other words.
OTHER = ["我們比較了特別行政區的港幣付款方式。", "基金贖回的金額將於月底結算。", "水管洩漏令機房暫停運作，洞察報告稍後公布。",
         "銀行業的網上研討會延期舉行。", "漁農處提醒市民釣具的安全使用。", "比賽特別獎的獎金以港幣發放。",
         "勒令停業的商戶須索取新牌照。", "請以網上表格向銀行分行預約。", "伺服器機房的冷氣系統將於週末更換。",
         "本季度的會員費用已調整。", "軟件授權將於明年續期。", "辦公室搬遷後的網絡接駁已完成。",
         "木材供應商的貨品延遲送達。", "雲層較厚，端午節活動照常舉行。", "深度清潔將於下週進行。",
         "零售日報顯示銷售增長。", "供水鏈路的維修工程完成。", "阻塞的服務台電話已回復正常。"]
OTHER_SUBJECTS = ["會員事務通知", "辦公室設施安排", "季度報告", "行政通告", "活動延期通知"]

posts = []
n = 0
for key, (subjects, sentences) in T.items():
    per = 10 if len(sentences) >= 6 else 8
    for i in range(per):
        n += 1
        k = random.randint(2, min(4, len(sentences)))
        body = "".join(random.sample(sentences, k))
        if random.random() < 0.4:
            body += random.choice(OTHER)
        posts.append((n, key, random.choice(subjects), body))
while n < 205 + 20 or len([p for p in posts if p[1] == "other"]) < 45:
    n += 1
    posts.append((n, "other", random.choice(OTHER_SUBJECTS), "".join(random.sample(OTHER, 3))))
    if len([p for p in posts if p[1] == "other"]) >= 45:
        break

Q = [("釣魚", "phishing ai-phishing"), ("網上銀行", "phishing mobile"), ("仿冒網站", "phishing"), ("一次性密碼", "phishing"),
     ("勒索", "lockbit blackcat"), ("勒索軟件", "lockbit blackcat"), ("贖金", "lockbit blackcat"), ("比特幣", "lockbit blackcat crypto"),
     ("勒索軟件 LockBit", "lockbit"), ("LockBit", "lockbit"), ("BlackCat", "blackcat"), ("備份", "lockbit blackcat"),
     ("阻斷服務", "ddos"), ("DDoS", "ddos"), ("漏洞", "vpn zero-day"), ("VPN 漏洞", "vpn"), ("修補", "vpn"),
     ("零日", "zero-day"), ("瀏覽器", "zero-day"), ("供應鏈", "supply-chain"), ("後門", "supply-chain"),
     ("電郵詐騙", "bec"), ("收款帳戶", "bec"), ("殭屍網絡", "botnet"), ("物聯網", "botnet"), ("資料外洩", "breach"),
     ("個人資料", "breach"), ("深度偽造", "deepfake"), ("視像會議", "deepfake"), ("加密貨幣", "crypto"), ("虛擬資產", "crypto"),
     ("研討會", "events"), ("工作坊", "events"), ("木馬", "emotet mobile"), ("Emotet", "emotet"), ("雲端 設定錯誤", "cloud"),
     ("內部威脅", "insider"), ("工控系統", "ics"), ("安卓", "mobile"), ("密碼噴灑", "spray"), ("多重認證", "ics spray"),
     ("醫院", "lockbit")]

with open("posts.tsv", "w", encoding="utf-8") as f:
    f.write("id\ttopic\tsubject\tbody\n")
    for p in posts:
        f.write("%d\t%s\t%s\t%s\n" % p)
with open("queries.tsv", "w", encoding="utf-8") as f:
    f.write("query\ttopics\n")
    for q, topics in Q:
        f.write("%s\t%s\n" % (q, topics))
print(len(posts), "posts,", len(Q), "queries")
