package org.infohub.core.tlp;

import static org.assertj.core.api.Assertions.assertThat;

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
    })
    void labelSpellingsShouldBeRead(String spelling, String expected) {
        String text = unescape(spelling);

        Optional<Tlp> inSubject = TlpClassifier.classify(text + " phishing wave", "");
        Optional<Tlp> inBody = TlpClassifier.classify("Advisory", "Hello,\n" + text + "\nDetails follow.");

        Optional<Tlp> want = expected == null ? Optional.empty() : Optional.of(Tlp.valueOf(expected));
        assertThat(inSubject).as("subject %s", spelling).isEqualTo(want);
        assertThat(inBody).as("body %s", spelling).isEqualTo(want);
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i)) {
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
