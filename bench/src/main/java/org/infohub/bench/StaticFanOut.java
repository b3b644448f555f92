package org.infohub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Benchmark baseline only: replaces the recipients with a fixed list read from a file, so a bare
 * James pipeline fans a post out like the hub does, without membership, archive or headers.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.bench.StaticFanOut"><recipients>/path/file</recipients></mailet>}</pre>
 */
public class StaticFanOut extends GenericMailet {
    private List<MailAddress> recipients;

    @Override
    public void init() throws MessagingException {
        String file = getInitParameterAsOptional("recipients").orElseThrow(() ->
                new MessagingException("StaticFanOut: the 'recipients' setting (a file, one address a line) is required"));
        try {
            List<MailAddress> list = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(file))) {
                if (!line.isBlank()) {
                    list.add(new MailAddress(line.trim()));
                }
            }
            recipients = List.copyOf(list);
        } catch (IOException e) {
            throw new MessagingException("StaticFanOut: cannot read " + file, e);
        }
    }

    @Override
    public void service(Mail mail) {
        String sender = mail.getMaybeSender().asString("");
        mail.setRecipients(recipients.stream().filter(r -> !r.asString().equals(sender)).toList());
    }
}
