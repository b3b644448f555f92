package org.infohub.mailet.delivery;

import java.util.List;

/** One message to some recipients with one envelope sender: what an SMTP transaction carries. */
public record Transaction(String from, List<String> recipients, SmtpData data) {
}
