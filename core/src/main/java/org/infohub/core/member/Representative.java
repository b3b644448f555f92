package org.infohub.core.member;

import java.time.LocalDate;
import java.util.Optional;

import org.infohub.core.i18n.Language;

/**
 * A registered representative, with the organisation and sector they speak for. Active means the
 * representative and their organisation both are. {@code nameZh} is their registered Chinese name
 * (or null); {@code language} the language they chose for the hub's mail (or null: the programme's).
 */
public record Representative(long id, String email, String name, long organisationId, String organisationName,
                             String sector, boolean active, Status status, LocalDate joined, String nameZh,
                             Language language) {

    public Representative(long id, String email, String name, long organisationId, String organisationName,
                          String sector, boolean active, Status status, LocalDate joined) {
        this(id, email, name, organisationId, organisationName, sector, active, status, joined, null, null);
    }

    public Representative(long id, String email, String name, long organisationId, String organisationName,
                          String sector, boolean active) {
        this(id, email, name, organisationId, organisationName, sector, active,
                active ? Status.ACTIVE : Status.SUSPENDED, LocalDate.EPOCH);
    }

    /** The language the hub writes to them in: their own choice, else the programme's. */
    public Language languageOr(Language programme) {
        return language == null ? programme : language;
    }

    public Optional<String> chineseName() {
        return nameZh == null || nameZh.isBlank() ? Optional.empty() : Optional.of(nameZh);
    }
}
