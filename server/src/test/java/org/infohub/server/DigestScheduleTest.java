package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class DigestScheduleTest {
    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

    @Test
    void theDailyRunIsAtTheLocalTimeOfTheConfiguredZone() {
        assertThat(DigestScheduler.nextRun(LocalTime.of(7, 0), ZURICH, Instant.parse("2026-11-28T05:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-28T06:00:00Z"));
    }

    @Test
    void afterTodaysTimeTheNextRunIsTomorrow() {
        assertThat(DigestScheduler.nextRun(LocalTime.of(7, 0), ZURICH, Instant.parse("2026-11-28T06:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-29T06:00:00Z"));
    }

    @Test
    void summerTimeMovesTheRunInUtcButNotInLocalTime() {
        assertThat(DigestScheduler.nextRun(LocalTime.of(7, 0), ZURICH, Instant.parse("2026-07-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-07-01T05:00:00Z"));
    }
}
