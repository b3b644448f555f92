package org.infohub.core.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 28, item 1: both languages have every text, each is a pattern that formats, a Chinese
 * text is Chinese, and every key the code and the templates ask for is in the files.
 */
class MessagesTest {

    private static final Messages EN = Messages.of(Language.EN);
    private static final Messages ZH = Messages.of(Language.ZH_HK);

    @Test
    void bothLanguagesShouldHaveTheSameKeys() {
        Set<String> missingInChinese = new TreeSet<>(EN.keys());
        missingInChinese.removeAll(ZH.keys());
        Set<String> missingInEnglish = new TreeSet<>(ZH.keys());
        missingInEnglish.removeAll(EN.keys());
        assertThat(missingInChinese).as("keys missing in messages_zh_HK.properties").isEmpty();
        assertThat(missingInEnglish).as("keys missing in messages.properties").isEmpty();
        assertThat(EN.keys()).hasSizeGreaterThan(150);
    }

    @Test
    void everyTextShouldBeAPatternThatFormatsWithItsApostrophesDoubled() {
        for (Messages m : List.of(EN, ZH)) {
            for (String key : m.keys()) {
                String pattern = m.pattern(key);
                assertThat(pattern.replace("''", "")).as(m.language() + " " + key + ": a lone ' would vanish").doesNotContain("'");
                MessageFormat format = new MessageFormat(pattern, m.language().locale());
                Object[] args = new Object[format.getFormatsByArgumentIndex().length];
                for (int i = 0; i < args.length; i++) {
                    args[i] = format.getFormatsByArgumentIndex()[i] == null ? "X" + i : (Object) 2;
                }
                assertThat(m.get(key, args)).as(m.language() + " " + key).isNotBlank();
            }
        }
    }

    /** Words that stay as they are in a Chinese text: labels, protocol words, commands, names. */
    private static final Pattern ALLOWED_LATIN = Pattern.compile("TLP:[A-Z+]+|TLP|Infohub|SPF|DKIM|SMTP|AUTH|MIME|From|Message-ID|"
            + "Auto-Submitted|Precedence|bulk|TAXII|STIX|MISP|Atom|AS|ics|href|https|www|first|org|tlp|code|seen|fp|patched|"
            + "help|subscribe|unsubscribe|digest|on|off|confirm|agree|refuse|release|request|English|b|i|a|X\\d|[a-z]+-?[a-z]*"
            + "(?=\\.|</)|unsubscribe");

    @Test
    void aChineseTextShouldHaveNoEnglishSentenceLeftInIt() {
        List<String> english = new ArrayList<>();
        Pattern words = Pattern.compile("[A-Za-z][A-Za-z'-]*(?:\\s+[A-Za-z][A-Za-z'-]*){2,}");
        for (String key : ZH.keys()) {
            // Markup, placeholders and commands to type (./infohub ...) are not prose.
            String text = ZH.pattern(key).replaceAll("<[^>]*>", " ").replaceAll("\\{[^}]*}", " ")
                    .replaceAll("\\./infohub[^\\n]*", " ");
            Matcher m = words.matcher(text);
            while (m.find()) {
                String run = m.group();
                long unknown = Stream.of(run.split("\\s+")).filter(w -> !ALLOWED_LATIN.matcher(w).matches()).count();
                if (unknown >= 2) {
                    english.add(key + ": " + run);
                }
            }
        }
        assertThat(english).as("English left in the Chinese texts").isEmpty();
    }

    /** Every key named in code ({@code t.get("key"}, {@code messages.get("key"}) or a template ({@code t.get("key")}) exists. */
    @Test
    void everyKeyTheCodeAsksForShouldBeInBothFiles() throws IOException {
        Pattern asked = Pattern.compile("\\b(?:t|t\\(\\)|w|messages|m|words)\\.get\\(\"([a-zA-Z][\\w.-]*)\"");
        Set<String> missing = new TreeSet<>();
        int found = 0;
        Path root = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> (f.toString().endsWith(".java") || f.toString().endsWith(".jte"))
                    && f.toString().contains("/src/main/") && !f.toString().contains("/target/")).toList()) {
                Matcher m = asked.matcher(Files.readString(p));
                while (m.find()) {
                    found++;
                    if (!m.group(1).endsWith(".") && (!EN.has(m.group(1)) || !ZH.has(m.group(1)))) {
                        missing.add(root.relativize(p) + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(found).as("keys asked for in the code").isGreaterThan(250);
        assertThat(missing).isEmpty();
    }

    /** Keys the code builds from a value's name: every refusal, kind, label, delivery mode and kind of list has its words. */
    @Test
    void everyValueTheCodeNamesShouldHaveItsWords() {
        List<String> keys = new ArrayList<>();
        for (org.infohub.core.vetting.Refusal r : org.infohub.core.vetting.Refusal.values()) {
            keys.addAll(List.of("refusal." + r.name() + ".why", "refusal." + r.name() + ".todo", "refusal." + r.name() + ".title"));
        }
        for (org.infohub.core.kind.Kind k : org.infohub.core.kind.Kind.values()) {
            keys.add("kind." + k.name());
        }
        for (org.infohub.core.tlp.Tlp t : org.infohub.core.tlp.Tlp.values()) {
            keys.add("tlp.meaning." + t.name());
        }
        for (org.infohub.core.member.DeliveryMode d : org.infohub.core.member.DeliveryMode.values()) {
            keys.addAll(List.of("request.mode." + d.code(), "request.describe." + d.code(), "manage.mode." + d.code()));
        }
        for (org.infohub.core.member.HubList.Kind k : org.infohub.core.member.HubList.Kind.values()) {
            keys.add("membership." + k.name());
        }
        for (Language l : Language.values()) {
            keys.add("language." + l.tag());
        }
        for (String sector : org.infohub.core.member.Sectors.CODES) {
            keys.add("sector." + sector);
        }
        assertThat(keys).allSatisfy(k -> assertThat(EN.has(k) && ZH.has(k)).as(k).isTrue());
        assertThat(ZH.get("kind.ALERT")).isEqualTo("警報");
        assertThat(ZH.get("refusal.NOT_A_REPRESENTATIVE.why", "x@y.example")).isEqualTo("發送地址 x@y.example 不是本計劃的登記代表");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "zh-HK,en;q=0.8|ZH_HK", "en-GB,en;q=0.9,zh-HK;q=0.8|EN", "zh-TW|ZH_HK", "zh-Hant-HK|ZH_HK", "zh-CN,zh;q=0.9|ZH_HK",
        "fr-FR,fr;q=0.9|EN", "fr,zh;q=0.5|ZH_HK", "en;q=0.2,zh-HK;q=0.9|ZH_HK", "*|EN", "|EN", "zh-HK;q=0|EN",
        "yue-HK|ZH_HK"})
    void aBrowsersAcceptLanguageShouldChooseThePage(String header, Language expected) {
        assertThat(Language.fromAcceptLanguage(header, Language.EN)).isEqualTo(expected);
    }

    @Test
    void countsShouldBeWrittenAsEachLanguageWritesThem() {
        assertThat(EN.get("digest.subject", "AMBER", 1, "2026-12-05")).isEqualTo("[Infohub digest] TLP:AMBER 1 post, 2026-12-05");
        assertThat(EN.get("digest.subject", "AMBER", 3, "2026-12-05")).isEqualTo("[Infohub digest] TLP:AMBER 3 posts, 2026-12-05");
        assertThat(EN.get("digest.subject", "GREEN", 1200, "2026-12-05")).contains("1,200 posts");
        assertThat(ZH.get("digest.subject", "AMBER", 1, "2026-12-05")).isEqualTo("[Infohub 摘要] TLP:AMBER 1 個帖子，2026-12-05");
        assertThat(ZH.get("digest.subject", "AMBER", 3, "2026-12-05")).isEqualTo("[Infohub 摘要] TLP:AMBER 3 個帖子，2026-12-05");
    }
}
