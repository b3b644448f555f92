package org.infohub.core.member;

import java.time.LocalDate;

/**
 * A registered representative, with the organisation and sector they speak for. Active means the
 * representative and their organisation both are.
 */
public record Representative(long id, String email, String name, long organisationId, String organisationName,
                             String sector, boolean active, Status status, LocalDate joined) {

    public Representative(long id, String email, String name, long organisationId, String organisationName,
                          String sector, boolean active) {
        this(id, email, name, organisationId, organisationName, sector, active,
                active ? Status.ACTIVE : Status.SUSPENDED, LocalDate.EPOCH);
    }
}
