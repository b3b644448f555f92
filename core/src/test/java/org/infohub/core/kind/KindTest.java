package org.infohub.core.kind;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KindTest {

    @ParameterizedTest(name = "{0} -> {5}")
    @CsvSource(delimiter = '|', value = {
        // subject | body | reply | indicators | calendar | kind
        "[ALERT] Phishing kit|Details.|false|false|false|alert",
        "[finance] [Advisory] Patch Tuesday|Details.|false|true|false|advisory",
        "Re: [ADVISORY] Patch Tuesday|We patched.|true|false|false|discussion",
        "Re: [finance] [ALERT] Phishing kit|Thanks for sharing.|true|false|false|discussion",
        "RE: [ALERT] Phishing kit|Thanks for sharing.|false|false|false|discussion",
        "AW: [Alert] Phishing-Kit|Danke.|true|false|false|discussion",
        "回覆：[ALERT] 網上銀行釣魚攻擊|多謝分享。|true|false|false|discussion",
        "回复: [ALERT] 网上银行钓鱼攻击|谢谢。|true|false|false|discussion",
        "[ADVISORY] Re: [ALERT] Phishing kit|Patch the gateway: CVE-2026-1234.|true|false|false|advisory",
        "[finance] [ALERT] Re: Phishing kit|A second wave, new domains.|true|true|false|alert",
        "Re: [ALERT] Seminar invitation|See the invitation.|true|false|true|event",
        "[ALERT] New kit seen|Replying with a new wave.|true|true|false|alert",
        "Reminder: patch now|Apply the patch.|false|false|false|advisory",
        "[emerging tech] Wallet drainers|Details.|false|false|false|emerging-tech",
        "[Workshop] Tabletop exercise|Join us.|false|false|false|event",
        "[views] Ransomware payments|What do you think?|false|false|false|discussion",
        "[finance] TLP:GREEN note|Nothing to add.|false|false|false|discussion",
        "Re: beacon to 198.51.100.7|Same here.|true|true|false|discussion",
        "RE: beacon|Same here.|false|false|false|discussion",
        "Quarterly meeting|See the invitation.|false|false|true|event",
        "Seminar on incident response|Register by Friday.|false|false|false|event",
        "Beaconing to 198.51.100.7|Active campaign against treasury staff.|false|true|false|alert",
        "IOCs from last night|See the list.|false|true|false|alert",
        "Firmware update for VPN appliances|Apply the patch; CVE-2024-3400 is fixed.|false|true|false|advisory",
        "Vendor guidance|Recommendations for hardening.|false|false|false|advisory",
        "Blockchain custody risks|Notes from the fintech forum.|false|false|false|emerging-tech",
        "Thoughts on the new regulation|Opinions welcome.|false|false|false|discussion",
        "Urgent: actively exploited|No indicators yet.|false|false|false|alert",
        // Chinese, as Hong Kong members write it: tags in lenticular or full-width brackets, words without spaces.
        "【警報】網上銀行釣魚攻擊|詳情見下。|false|false|false|alert",
        "[finance] 【建議】修補 VPN|請盡快處理。|false|false|false|advisory",
        "［研討會］事故應變|歡迎參加。|false|false|false|event",
        "〔討論〕勒索軟件贖金|大家點睇？|false|false|false|discussion",
        "回覆：【警報】網上銀行釣魚攻擊|多謝分享。|true|false|false|discussion",
        "【警報】 回覆：網上銀行釣魚攻擊|新一輪攻擊。|true|true|false|alert",
        "醫院系統遭勒索軟件攻擊|攻擊者要求以比特幣支付贖金。|false|false|false|alert",
        "仿冒網站|請留意以下網域：bank-hk-login.example|false|true|false|alert",
        "VPN 設備漏洞|請立即安裝修補程式。|false|false|false|advisory",
        "網絡保安研討會邀請|請於週五前報名。|false|false|false|event",
        "資訊保安工作坊|議程如下。|false|false|false|event",
        "人工智能與深度偽造|金融科技論壇筆記。|false|false|false|emerging-tech",
        "關於新規例的看法|歡迎提出意見。|false|false|false|discussion",
        "钓鱼网站警报|请留意。|false|false|false|alert",
    })
    void aPostsKindComesFromItsTagOrIsGuessedFromItsShapeAndWords(String subject, String body, boolean reply,
                                                                   boolean indicators, boolean calendar, String kind) {
        assertThat(Kind.classify(subject, body, reply, indicators, calendar).code()).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource({"alert,alert", "ALERT,alert", "[Alert],alert", "emerging_tech,emerging-tech", "Emerging Tech,emerging-tech",
            "seminar,event", "views,discussion", "advisory,advisory", "【警報】,alert", "［建議］,advisory", "研討會,event",
            "工作坊,event", "講座,event", "漏洞,advisory", "〔討論〕,discussion", "新興科技,emerging-tech"})
    void kindsAreReadHoweverTheyAreWritten(String text, String kind) {
        assertThat(Kind.parse(text).orElseThrow().code()).isEqualTo(kind);
    }
}
