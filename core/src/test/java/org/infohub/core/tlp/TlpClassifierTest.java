package org.infohub.core.tlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
        String body = "line 1\nline 2\nline 3\nline 4\nline 5\nline 6 mentions TLP:RED in passing\n";

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
    void subjectLabelShouldWinOverTheBody() {
        assertThat(TlpClassifier.classify("TLP:CLEAR", "TLP:AMBER")).contains(Tlp.CLEAR);
    }
}
