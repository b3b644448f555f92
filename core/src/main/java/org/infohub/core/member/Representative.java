package org.infohub.core.member;

/** A registered representative, with the organisation and sector they speak for. */
public record Representative(long id, String email, String name, long organisationId, String organisationName,
                             String sector, boolean active) {
}
