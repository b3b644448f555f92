package org.infohub.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.infohub.core.fuzz.LinearTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A reply as a conversation shows it: what was written in the open, the quote and the signature folded. */
class ConversationTextTest {

    private static List<String> types(List<ConversationText.Segment> segments) {
        return segments.stream().map(s -> s.type() + ":" + s.text().lines().findFirst().orElse("")).toList();
    }

    @Test
    void aBottomPostedReplyFoldsTheQuoteWithItsAttributionAndTheSignature() {
        String text = """
                On Tue, 1 Dec 2026 at 09:00, Omar <omar@other.example> wrote:
                > Beaconing to 198.51.100.7 from two hosts.
                > Anyone else?

                Same here, since 08:10.

                --\u0020
                Bea, SOC lead
                """;
        assertThat(types(ConversationText.segments(text))).containsExactly(
                "QUOTED:On Tue, 1 Dec 2026 at 09:00, Omar <omar@other.example> wrote:", "WRITTEN:Same here, since 08:10.",
                "SIGNATURE:--");
    }

    @Test
    void anOutlookReplyFoldsEverythingBelowTheOriginalMessage() {
        String text = "We blocked it at the gateway.\n\nFrom: Omar <omar@other.example>\nSent: Tuesday, 1 December 2026 09:00\n"
                + "To: finance@hub.example\nSubject: [ALERT] beacon\n\nBeaconing to 198.51.100.7.\n";
        assertThat(types(ConversationText.segments(text))).containsExactly("WRITTEN:We blocked it at the gateway.",
                "QUOTED:From: Omar <omar@other.example>");
        assertThat(types(ConversationText.segments("Thanks.\n-----Original Message-----\nFrom: x\nold text\n")))
                .containsExactly("WRITTEN:Thanks.", "QUOTED:-----Original Message-----");
    }

    @Test
    void interleavedRepliesKeepEachAnswerInTheOpenAndAChineseAttributionIsFolded() {
        String text = "> 1. Seen it?\nYes.\n> 2. Blocked?\nNot yet.\n";
        assertThat(types(ConversationText.segments(text))).containsExactly("QUOTED:> 1. Seen it?", "WRITTEN:Yes.",
                "QUOTED:> 2. Blocked?", "WRITTEN:Not yet.");
        assertThat(types(ConversationText.segments("已封鎖。\n\n陳大文 於 2026年12月1日 寫道：\n> 可疑網域\n")))
                .containsExactly("WRITTEN:已封鎖。", "QUOTED:陳大文 於 2026年12月1日 寫道：");
        assertThat(ConversationText.segments("")).isEmpty();
        assertThat(types(ConversationText.segments("Plain text, nothing quoted."))).containsExactly(
                "WRITTEN:Plain text, nothing quoted.");
    }

    @FuzzTest
    void anyTextIsCutIntoSegmentsThatKeepEveryLine(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        int lines = ConversationText.segments(text).stream().mapToInt(ConversationText.Segment::lines).sum();
        assertThat(lines).isLessThanOrEqualTo(text.replace("\r\n", "\n").split("\n", -1).length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void cuttingTakesLinearTime(String shape, String unit) {
        LinearTime.assertLinear("ConversationText.segments on " + shape, unit, ConversationText::segments);
    }
}
