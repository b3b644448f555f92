package org.infohub.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What an administrator takes out of one part of a release goes from every part. */
class EditsTest {

    @Test
    void aPhraseDeletedFromTheTextIsFound() {
        assertThat(Edits.removed("The attack reached 770 of our staff before noon.", "The attack reached staff before noon."))
                .containsExactly("770 of our");
        assertThat(Edits.removed("The attack reached 770 of our staff before noon.", "The attack reached [redacted] before noon."))
                .containsExactly("770 of our staff");
        assertThat(Edits.removed("Seen at Harbour Bank and at Kowloon Clinic.", "Seen at [redacted] and at [redacted]."))
                .containsExactly("Harbour Bank", "Kowloon Clinic");
    }

    @Test
    void wordsRewrittenOrMovedAreNotMistakenForRemovalsAndShortWordsStay() {
        assertThat(Edits.removed("We saw it on Monday.", "Members saw it on Monday.")).isEmpty();
        assertThat(Edits.removed("a b c", "a c")).isEmpty();
        assertThat(Edits.removed("same text", "same text")).isEmpty();
        assertThat(Edits.removed("", "new text")).isEmpty();
        assertThat(Edits.removed("First sentence here. Second sentence there.", "Second sentence there. First sentence here."))
                .isEmpty();
    }

    @Test
    void aRemovedPhraseGoesFromEveryPartAsWholeWordsAnyCase() {
        List<String> removed = List.of("770 of our staff", "Conference Room 3");
        assertThat(Edits.apply("Phishing hit 770 OF OUR STAFF", removed)).isEqualTo("Phishing hit [redacted]");
        assertThat(Edits.apply("[redacted], Conference Room 3, Zurich", removed)).isEqualTo("[redacted], [redacted], Zurich");
        assertThat(Edits.apply("Conference Room 30 is another", removed)).isEqualTo("Conference Room 30 is another");
        assertThat(Edits.apply("x1770 of our staff", removed)).isEqualTo("x1770 of our staff");
        assertThat(Edits.apply("nothing here", List.of())).isEqualTo("nothing here");
    }

    @Test
    void theListIsReadOnePhrasePerLineAndABigEditIsComparedWithinBounds() {
        assertThat(Edits.parse("770 of our staff\n\n  ab \nConference Room 3\n770 of our staff")).containsExactly(
                "770 of our staff", "Conference Room 3");
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            big.append("word").append(i).append(' ');
        }
        String before = "start " + big + " secretphrase " + big + " end";
        String after = "START " + big + big + " END";
        // 80,000 words either side: past the word-by-word comparison's bound, found by what is gone.
        assertThat(Edits.removed(before, after)).contains("secretphrase").doesNotContain("word5");
    }
}
