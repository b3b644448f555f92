package org.infohub.core.member;

import java.time.LocalDate;
import java.util.List;

/** A member organisation: its sector, its e-mail domains, whether it takes part, since when. */
public record Organisation(long id, String name, String sector, List<String> domains, Status status, LocalDate joined,
                           int representatives) {
}
