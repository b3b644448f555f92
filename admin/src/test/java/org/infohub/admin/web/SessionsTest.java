package org.infohub.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import org.junit.jupiter.api.Test;

/** Sessions: requests for the sign-in page cannot fill the memory, and signed-in sessions stay. */
class SessionsTest {

    @Test
    void anonymousSessionsShouldBeBoundedWhileSignedInOnesStay() {
        Sessions sessions = new Sessions(Clock.systemUTC());
        Sessions.Session ann = sessions.signIn(sessions.create(), "ann");

        for (int i = 0; i < Sessions.MAX_ANONYMOUS * 3; i++) {
            sessions.create();
        }

        assertThat(sessions.size()).isLessThanOrEqualTo(Sessions.MAX_ANONYMOUS + 1);
        assertThat(sessions.find(ann.id)).as("the signed-in session").isPresent();
    }
}
