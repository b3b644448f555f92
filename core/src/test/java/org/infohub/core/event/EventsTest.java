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
}
