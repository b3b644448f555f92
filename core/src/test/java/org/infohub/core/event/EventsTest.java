package org.infohub.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class EventsTest {
    private static final String ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:w1@bank.example\r\n"
            + "DTSTAMP:20261201T100000Z\r\nDTSTART:20270115T090000Z\r\nDTEND:20270115T120000Z\r\nSUMMARY:Workshop\r\n"
            + "LOCATION:Room 4\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    @Test
    void theFirstEventOfAnInvitationIsReadWithItsTimesAndPlace() {
        Events.Event e = Events.read(7, ICS.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(e.uid()).isEqualTo("w1@bank.example");
        assertThat(e.summary()).isEqualTo("Workshop");
        assertThat(e.location()).isEqualTo("Room 4");
        assertThat(e.starts()).isEqualTo(Instant.parse("2027-01-15T09:00:00Z"));
        assertThat(e.ends()).contains(Instant.parse("2027-01-15T12:00:00Z"));
    }

    @Test
    void anInvitationIsFoundInsideAMessageAndWhatCannotBeReadIsLeftAside() {
        byte[] raw = ("Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain\r\n\r\nJoin us.\r\n--b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n--c\r\n"
                + "Content-Type: text/calendar; method=REQUEST\r\n\r\n" + ICS + "--c--\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(Events.calendarPart(raw)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
                .contains("SUMMARY:Workshop"));
        assertThat(Events.read(1, "BEGIN:VCALENDAR\r\nnot a calendar".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(Events.read(1, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(Events.calendarPart("Subject: x\r\n\r\nno calendar\r\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void aReleasedEventsCalendarIsFoldedByOctetsAndStampedWithItsPublication() throws Exception {
        // 30 Chinese characters are 90 octets of UTF-8: ical4j's folding by characters left 76- and 77-octet lines.
        String title = "網上銀行釣魚攻擊警報研討會網上銀行釣魚攻擊警報研討會網上銀行釣魚攻擊警報";
        String place = "香港灣仔港灣道一號會議展覽中心 Convention Centre, 1 Harbour Road, Wan Chai, Hong Kong SAR";
        Instant published = Instant.parse("2026-11-20T08:15:30Z");
        org.infohub.core.release.Releases.Release release = new org.infohub.core.release.Releases.Release(7, 42, title,
                "A summary of the workshop: " + "釣魚".repeat(40), "body", org.infohub.core.release.Releases.State.PUBLISHED,
                org.infohub.core.tlp.Tlp.GREEN, java.util.Optional.of(published), java.util.Optional.empty(),
                java.util.Optional.of(new org.infohub.core.release.Releases.EventPart(Instant.parse("2027-01-15T09:00:00Z"),
                        java.util.Optional.of(Instant.parse("2027-01-15T12:00:00Z")), place, "https://example.org/w")),
                java.util.List.of());

        byte[] ics = Events.publicIcs(release, "hub.example", "https://hub.example/releases/7").orElseThrow();
        byte[] again = Events.publicIcs(release, "hub.example", "https://hub.example/releases/7").orElseThrow();

        assertThat(again).as("the same object at every download").isEqualTo(ics);
        String text = new String(ics, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\r\n").doesNotContain("\n\n");
        for (String line : text.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
        }
        assertThat(text).contains("\r\n ");
        // A parser reads it back whole: the title and place unfolded, DTSTAMP the publication.
        net.fortuna.ical4j.model.Calendar c = new net.fortuna.ical4j.data.CalendarBuilder()
                .build(new java.io.ByteArrayInputStream(ics));
        c.validate();
        net.fortuna.ical4j.model.component.VEvent v = (net.fortuna.ical4j.model.component.VEvent)
                c.getComponent(net.fortuna.ical4j.model.Component.VEVENT);
        assertThat(v.getSummary().getValue()).isEqualTo(title);
        assertThat(v.getLocation().getValue()).isEqualTo(place);
        assertThat(v.getDateStamp().getDate().toInstant()).isEqualTo(published);
        assertThat(text).contains("DTSTAMP:20261120T081530Z");
        assertThat(Events.read(7, ics)).get().extracting(Events.Event::summary).isEqualTo(title);
    }

    @Test
    void foldingNeverSplitsACharacter() {
        String line = "SUMMARY:" + "a".repeat(66) + "😀" + "b".repeat(10);
        String folded = Events.foldOctets(line + "\r\n");
        assertThat(folded).isEqualTo("SUMMARY:" + "a".repeat(66) + "\r\n 😀" + "b".repeat(10) + "\r\n");
    }
}
