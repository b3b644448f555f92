package org.infohub.core.tlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlpClassifierTest {
    @Test
    void classifyShouldReadTheLabelFromTheSubject() {
        assertThat(TlpClassifier.classify("[TLP:AMBER] Scanning from 203.0.113.0/24", "")).contains(Tlp.AMBER);
    }

    @Test
    void classifyShouldReadAmberStrictAsOneLabel() {
        assertThat(TlpClassifier.classify("TLP:AMBER+STRICT vendor breach", "")).contains(Tlp.AMBER_STRICT);
        assertThat(TlpClassifier.classify("tlp: amber + strict", "")).contains(Tlp.AMBER_STRICT);
    }

    @Test
    void classifyShouldReadWhiteAsClear() {
        assertThat(TlpClassifier.classify("TLP:WHITE advisory", "")).contains(Tlp.CLEAR);
    }

    @Test
    void classifyShouldReadTheFirstBodyLinesWhenTheSubjectHasNoLabel() {
        assertThat(TlpClassifier.classify("Advisory", "\n\nTLP:GREEN\nDetails follow.")).contains(Tlp.GREEN);
    }

    @Test
    void classifyShouldIgnoreALabelFarDownTheBody() {
        String body = "line\n".repeat(TlpClassifier.BODY_LINES) + "a later line mentions TLP:RED in passing\n";

        assertThat(TlpClassifier.classify("Advisory", body)).isEmpty();
    }

    @Test
    void classifyShouldTakeTheMostRestrictiveLabelOfTheSamePlace() {
        assertThat(TlpClassifier.classify("TLP:CLEAR summary of a TLP:RED report", "")).contains(Tlp.RED);
    }

    @Test
    void classifyShouldNotReadAWordThatOnlyContainsALabel() {
        assertThat(TlpClassifier.classify("XTLP:GREENISH", "")).isEmpty();
    }

    @Test
    void theMostRestrictiveLabelOfSubjectAndBodyShouldWin() {
        assertThat(TlpClassifier.classify("Re: TLP:GREEN", "TLP:RED\nDo not share.")).contains(Tlp.RED);
        assertThat(TlpClassifier.classify("TLP:AMBER", "TLP:CLEAR")).contains(Tlp.AMBER);
    }

    @Test
    void aLabelAfterTheFifthLineOfTheOpeningShouldBeRead() {
        String body = "Dear all,\n\nline 2\nline 3\nline 4\nline 5\nline 6\nClassification: TLP:AMBER\n";

        assertThat(TlpClassifier.classify("Advisory", body)).contains(Tlp.AMBER);
    }

    @Test
    void aHugeSubjectOrBodyShouldBeReadQuickly() {
        String body = ("TLP " + " ".repeat(5000) + "x\n").repeat(200) + "a.".repeat(200_000);

        assertThat(TlpClassifier.classify("TLP".repeat(100_000), body)).isEmpty();
    }

    /** Spellings people type, each with the label it must read as (empty: no label). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "TLP:RED|RED",
        "tlp:red|RED",
        "TLP: RED|RED",
        "TLP : RED|RED",
        "TLP RED|RED",
        "TLP-RED|RED",
        "TLP_RED|RED",
        "TLP=RED|RED",
        "TLP/RED|RED",
        "[TLP:RED]|RED",
        "(TLP:RED)|RED",
        "**TLP:RED**|RED",
        "TLP:\u00a0RED|RED",
        "TLP\u00a0RED|RED",
        "TLP\uff1aRED|RED",
        "\uff34\uff2c\uff30:\uff32\uff25\uff24|RED",
        "TLP:\u200bRED|RED",
        "T\u00adLP:RED|RED",
        "TLP\u2013RED|RED",
        "TLP\u2014RED|RED",
        "Traffic Light Protocol: RED|RED",
        "TLP 2.0: RED|RED",
        "TLP:AMBER+STRICT|AMBER_STRICT",
        "TLP:AMBER + STRICT|AMBER_STRICT",
        "TLP:AMBER STRICT|AMBER_STRICT",
        "TLP:AMBER-STRICT|AMBER_STRICT",
        "TLP:AMBER_STRICT|AMBER_STRICT",
        "tlp amber+strict|AMBER_STRICT",
        "TLP:AMBER\uff0bSTRICT|AMBER_STRICT",
        "TLP:AMBER|AMBER",
        "TLP: Amber|AMBER",
        "TLP:GREEN|GREEN",
        "TLP GREEN|GREEN",
        "TLP:CLEAR|CLEAR",
        "TLP:WHITE|CLEAR",
        "tlp-white|CLEAR",
        "TLP:\tGREEN|GREEN",
        "TLP:REDACTED|",
        "XTLP:GREEN|",
        "TLP:GREENISH|",
        "TLPRED|RED",
        "TLP:BLUE|",
        "the traffic light is red|",
        "TLP: \u201cRED\u201d|RED",
        "TLP: \u201eRED\u201c|RED",
        "TLP: \u2018RED\u2019|RED",
        "TLP: \\u0027RED\\u0027|RED",
        "TLP: \"RED\"|RED",
        "TLP: *RED*|RED",
        "TLP: **RED**|RED",
        "TLP: __RED__|RED",
        "TLP Level: RED|RED",
        "TLP level - red|RED",
        "TLP Classification: RED|RED",
        "TLP Label: AMBER|AMBER",
        "TLP:2.0:RED|RED",
        "TLPv2: RED|RED",
        "TLP v2.0 RED|RED",
        "TLP::RED|RED",
        "TLP:::AMBER|AMBER",
        "TLP:\u00abRED\u00bb|RED",
        "TLP \u00ab RED \u00bb|RED",
        "TLP:\u2039AMBER\u203a|AMBER",
        "TLP:R\u0415D|RED",
        "\u0422\u13deP:RED|RED",
        "\u0422LP:RED|RED",
        "TLP:\u0410MBER|AMBER",
        "TLP:GR\u0415\u0415N|GREEN",
        "TLP:\u0421LEAR|CLEAR",
        "TLP:\u0391MBER+STRICT|AMBER_STRICT",
        "TLP:\u13a1\u13ac\u13a0|RED",
        "TLP:\u0280\u1d07\u1d05|RED",
        "TLP:R\u00c9D|RED",
        "TLP:RE\u0301D|RED",
        "\\U0001d413\\U0001d40b\\U0001d40f:\\U0001d411\\U0001d404\\U0001d403|RED",
        "TLP:\u24c7\u24ba\u24b9|RED",
        "TLP:\u2003RED|RED",
        "TLP:\u3000RED|RED",
        "TLP\u2236RED|RED",
        "TLP:\u300cRED\u300d|RED",
        "TLP: <RED>|RED",
        "TLP: {AMBER}|AMBER",
        "TLP # GREEN|GREEN",
        "TLP \\u007c RED|RED",
        "Traffic-Light-Protocol: AMBER|AMBER",
        "TrafficLightProtocol RED|RED",
        "TLP:AMBER&STRICT|AMBER_STRICT",
        "TLP:AMBER/STRICT|AMBER_STRICT",
        "TLP:AMBERSTRICT|AMBER_STRICT",
        "TLP: \u201cAMBER+STRICT\u201d|AMBER_STRICT",
        "TLP:AMBER*STRICT*|AMBER_STRICT",
        "TLP:\uff21\uff2d\uff22\uff25\uff32|AMBER",
        "Re: Fwd: [TLP:GREEN] scan|GREEN",
        "the TLP is clear about that|",
        "TLP guidance applies|",
        "(TLP)|",
        "TLP-compliant sharing|",
        "Please respect the TLP of this post|",
    })
    void labelSpellingsShouldBeRead(String spelling, String expected) {
        String text = unescape(spelling);

        Optional<Tlp> inSubject = TlpClassifier.classify(text + " phishing wave", "");
        Optional<Tlp> inBody = TlpClassifier.classify("Advisory", "Hello,\n" + text + "\nDetails follow.");

        Optional<Tlp> want = expected == null ? Optional.empty() : Optional.of(Tlp.valueOf(expected));
        assertThat(inSubject).as("subject %s", spelling).isEqualTo(want);
        assertThat(inBody).as("body %s", spelling).isEqualTo(want);
    }

    /** Spellings that look like a label but cannot be read with certainty: held and asked, never the default. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "TLP: ORANGE",
        "TLP:BLUE",
        "TLP:REDD",
        "TLP:REDACTED",
        "TLP:AMBR",
        "TLP RD",
        "TLP GREN",
        "TLP:",
        "[TLP: ]",
        "TLP: N/A",
        "TLP = high",
        "TLP: \u201cCRIMSON\u201d",
        "TLP:GREENISH",
        "Traffic Light Protocol: unknown",
    })
    void doubtfulLabelsShouldBeDoubts(String spelling) {
        String text = unescape(spelling);

        TlpClassifier.Reading inSubject = TlpClassifier.read(text + " phishing wave", "", List.of(), List.of());
        TlpClassifier.Reading inBody = TlpClassifier.read("Advisory", "Hello,\n" + text + "\nDetails follow.", List.of(),
                List.of());

        assertThat(inSubject.uncertain()).as("subject %s", spelling).isTrue();
        assertThat(inBody.uncertain()).as("body %s", spelling).isTrue();
        assertThat(inSubject.doubts().get(0).place()).isEqualTo(TlpClassifier.Place.SUBJECT);
    }

    @Test
    void aReadableLabelShouldRaiseNoDoubt() {
        assertThat(TlpClassifier.read("TLP:AMBER scanning", "TLP: \u201cAMBER\u201d\nText", List.of(), List.of())
                .uncertain()).isFalse();
    }

    /** Label headers, each with the label it must read as (empty: a doubt, "-": nothing). */
    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "X-TLP|RED|RED",
        "X-TLP|TLP:RED|RED",
        "X-TLP|\u201cred\u201d|RED",
        "X-TLP|amber+strict|AMBER_STRICT",
        "TLP|GREEN|GREEN",
        "X-Traffic-Light-Protocol|Amber|AMBER",
        "X-TLP|R\u0415D|RED",
        "X-TLP|high|",
        "Sensitivity|Company-Confidential|AMBER_STRICT",
        "Sensitivity|Private|RED",
        "Sensitivity|Personal|RED",
        "Sensitivity|Normal|-",
        "Sensitivity|Secret-ish|",
        "X-Classification|TLP:AMBER|AMBER",
        "X-Classification|Internal|-",
        "msip_labels|MSIP_Label_0e4_Enabled=true; MSIP_Label_0e4_Name=TLP RED; MSIP_Label_0e4_Method=Standard|RED",
        "Keywords|TLP:RED, ransomware|RED",
    })
    void labelHeadersShouldBeRead(String name, String value, String expected) {
        TlpClassifier.Reading r = TlpClassifier.read("Advisory", "Text", List.of(new TlpClassifier.Header(name, unescape(value))),
                List.of());

        if (expected == null) {
            assertThat(r.uncertain()).as("%s: %s", name, value).isTrue();
            assertThat(r.label()).isEmpty();
        } else if (expected.equals("-")) {
            assertThat(r.uncertain()).isFalse();
            assertThat(r.label()).isEmpty();
        } else {
            assertThat(r.label()).as("%s: %s", name, value).contains(Tlp.valueOf(expected));
            assertThat(r.uncertain()).isFalse();
        }
    }

    @Test
    void onlyKnownLabelHeadersShouldBeRead() {
        TlpClassifier.Reading r = TlpClassifier.read("Advisory", "Text",
                List.of(new TlpClassifier.Header("X-Mailer", "TLP:RED mailer 1.0")), List.of());

        assertThat(TlpClassifier.isLabelHeader("X-Mailer")).isFalse();
        assertThat(r.label()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "report_TLP-RED.pdf|RED",
        "TLP_AMBER+STRICT_incident.docx|AMBER_STRICT",
        "IOC list (TLP GREEN).csv|GREEN",
        "tlp-clear-summary.txt|CLEAR",
        "network-diagram.png|",
    })
    void attachmentNamesShouldBeRead(String name, String expected) {
        TlpClassifier.Reading r = TlpClassifier.read("Advisory", "See attached.", List.of(), List.of(name));

        assertThat(r.label()).isEqualTo(expected == null ? Optional.empty() : Optional.of(Tlp.valueOf(expected)));
    }

    @Test
    void theMostRestrictiveOfEveryPlaceShouldWin() {
        TlpClassifier.Reading r = TlpClassifier.read("TLP:GREEN phishing", "TLP:GREEN\nText",
                List.of(new TlpClassifier.Header("X-TLP", "AMBER")), List.of("report_TLP-RED.pdf"));

        assertThat(r.label()).contains(Tlp.RED);
        assertThat(r.found()).extracting(TlpClassifier.Found::place).contains(TlpClassifier.Place.ATTACHMENT);
    }

    @Test
    void stripLabelsShouldRemoveLabelsAsWritten() {
        assertThat(TlpClassifier.stripLabels("TLP: \u201cGREEN\u201d Phishing wave")).isEqualTo(" Phishing wave");
        assertThat(TlpClassifier.stripLabels("[TLP:CLEAR] Patch now")).isEqualTo(" Patch now");
        assertThat(TlpClassifier.stripLabels("Patch now (TLP:R\u0415D)")).isEqualTo("Patch now ");
        assertThat(TlpClassifier.stripLabels("No label here")).isEqualTo("No label here");
    }

    @Test
    void readingShouldTakeLinearTime() {
        String unit = "TLP: \u201cx\u201d TLP TLP:: \u0420\u0415D ".repeat(10) + "a".repeat(300) + "\n";
        TlpClassifier.read(unit.repeat(20), unit.repeat(20), List.of(), List.of());
        long small = time(() -> TlpClassifier.read(unit.repeat(40), unit.repeat(40), List.of(), List.of(unit.repeat(40))));
        long large = time(() -> TlpClassifier.read(unit.repeat(400), unit.repeat(400), List.of(), List.of(unit.repeat(400))));

        assertThat(large).as("10x the input, %d ns against %d ns", large, small).isLessThan(Math.max(small, 200_000) * 30);
    }

    private static long time(Runnable r) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\U", i)) {
                out.appendCodePoint(Integer.parseInt(s.substring(i + 2, i + 10), 16));
                i += 9;
            } else if (s.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (s.startsWith("\\t", i)) {
                out.append('\t');
                i++;
            } else {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }
}
