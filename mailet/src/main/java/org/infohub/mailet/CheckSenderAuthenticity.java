package org.infohub.mailet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.impl.SPF;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.infohub.mailet.trust.Dmarc;
import org.infohub.mailet.trust.HubDns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a post comes from where its {@code From:} says: SPF for the envelope sender (jSPF),
 * DKIM signatures (jDKIM), DMARC alignment of either with the {@code From:} domain, and whether the
 * sender signed in with SMTP AUTH as that very representative. Records the results on the mail for
 * {@link VetSender} (which holds or refuses per the list's sender check) and for the DMARC-safe
 * {@code From:} of {@link AddListHeaders}, and writes them into an {@code Authentication-Results}
 * header (RFC 8601) of the archived copy, after removing any that claims to be the hub's.
 *
 * <p>A post an administrator approved is not checked again: its verdict stands.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.CheckSenderAuthenticity"/>}</pre>
 */
public class CheckSenderAuthenticity extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(CheckSenderAuthenticity.class);

    private final HubServices hub;
    /**
     * One SPF checker for every mail, as James's own SPF handler keeps one: making one reads its
     * term definitions from the jar again (bench/ingest: 3% of the server's CPU).
     */
    private volatile SPF spf;

    @Inject
    public CheckSenderAuthenticity(HubServices hub) {
        this.hub = hub;
    }

    /** What was found, in RFC 8601 terms. */
    record Verdict(String spf, String spfDomain, List<String> dkimPassDomains, String dkim, String dmarc,
                   Optional<Dmarc.Policy> policy, String fromDomain, Optional<String> authUser, boolean authenticated,
                   boolean aligned) {
        String header(String authServId) {
            StringBuilder sb = new StringBuilder(authServId);
            authUser.ifPresent(u -> sb.append(";\r\n\tauth=").append(authenticated ? "pass" : "fail")
                    .append(" smtp.auth=").append(u));
            sb.append(";\r\n\tspf=").append(spf).append(" smtp.mailfrom=").append(spfDomain.isEmpty() ? "<>" : spfDomain);
            if (dkimPassDomains.isEmpty()) {
                sb.append(";\r\n\tdkim=").append(dkim);
            } else {
                dkimPassDomains.forEach(d -> sb.append(";\r\n\tdkim=pass header.d=").append(d));
            }
            sb.append(";\r\n\tdmarc=").append(dmarc);
            policy.ifPresent(p -> sb.append(" (p=").append(p.policy()).append(')'));
            sb.append(" header.from=").append(fromDomain.isEmpty() ? "(none)" : fromDomain);
            return sb.toString();
        }

        String summary() {
            return (authUser.isPresent() ? "smtp-auth=" + (authenticated ? "pass as " : "fail: signed in as ")
                    + authUser.get() + ", " : "") + "spf=" + spf + " (" + (spfDomain.isEmpty() ? "<>" : spfDomain)
                    + "), dkim=" + (dkimPassDomains.isEmpty() ? dkim : "pass (" + String.join(", ", dkimPassDomains) + ")")
                    + ", dmarc=" + dmarc + " for " + (fromDomain.isEmpty() ? "(no From: domain)" : fromDomain);
        }
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        if (HubAttributes.bool(mail, HubAttributes.APPROVED)) {
            return;
        }
        MimeMessage message = mail.getMessage();
        Verdict v = verdict(mail, message);
        mail.setAttribute(new Attribute(HubAttributes.DMARC_ALIGNED, AttributeValue.of(v.aligned())));
        mail.setAttribute(new Attribute(HubAttributes.AUTHENTICATED, AttributeValue.of(v.authenticated())));
        mail.setAttribute(new Attribute(HubAttributes.SPF, AttributeValue.of(v.spf())));
        mail.setAttribute(new Attribute(HubAttributes.DKIM_PASS, AttributeValue.of(String.join(",", v.dkimPassDomains()))));
        mail.setAttribute(new Attribute(HubAttributes.AUTH_SUMMARY, AttributeValue.of(v.summary())));
        mail.setAttribute(new Attribute(HubAttributes.DMARC_POLICY,
                AttributeValue.of(v.policy().map(Dmarc.Policy::policy).orElse("none"))));
        try {
            removeOurResults(message);
            message.addHeader("Authentication-Results", v.header(hub.domain()));
            message.saveChanges();
        } catch (MessagingException | RuntimeException e) {
            // A message whose MIME cannot be rewritten is refused by CheckStructure; the verdict
            // above still decides, only the header is missing.
            LOG.info("checked mail={} stage=authenticity header not added: {}", mail.getName(), e.getMessage());
        }
        LOG.info("checked mail={} message-id={} stage=authenticity {}", mail.getName(), Posts.messageId(message),
                v.summary());
    }

    private Verdict verdict(Mail mail, MimeMessage message) throws MessagingException {
        String fromAddress = Posts.from(message).orElse("");
        String fromDomain = fromAddress.contains("@") ? fromAddress.substring(fromAddress.lastIndexOf('@') + 1) : "";
        String mailFrom = mail.getMaybeSender().asOptional().map(a -> a.asString()).orElse("");
        String helo = HubAttributes.string(mail, Mail.SMTP_HELO).orElse(mail.getRemoteHost());
        String spfDomain = mailFrom.contains("@") ? mailFrom.substring(mailFrom.lastIndexOf('@') + 1) : helo;
        String spf = spf(mail.getRemoteAddr(), mailFrom, helo);

        List<String> dkimPass = new ArrayList<>();
        // Signatures that name this list in a signed To: or Cc:. A member's signed mail to someone
        // else, replayed to the list, verifies too: it must not make a post authentic.
        List<String> dkimForList = new ArrayList<>();
        String dkim = "none";
        if (message.getHeader("DKIM-Signature") != null) {
            dkim = "fail";
            try {
                List<SignatureRecord> passed = new DKIMVerifier(hub.trust().dns().dkimKeys()).verify(raw(message));
                if (passed != null) {
                    for (SignatureRecord r : passed) {
                        String d = r.getDToken().toString().toLowerCase(Locale.ROOT);
                        dkimPass.add(d);
                        if (signedForThisList(r, message, mail)) {
                            dkimForList.add(d);
                        }
                    }
                }
            } catch (TempFailException e) {
                dkim = "temperror";
            } catch (FailException e) {
                dkim = "fail";
            } catch (IOException | MessagingException | RuntimeException e) {
                dkim = "permerror";
            }
        }

        Optional<Dmarc.Policy> policy = Optional.empty();
        boolean dmarcTempError = false;
        if (!fromDomain.isEmpty()) {
            try {
                policy = Dmarc.lookup(hub.trust().dns(), fromDomain);
            } catch (HubDns.TempFail e) {
                dmarcTempError = true;
            }
        }
        boolean strictSpf = policy.map(Dmarc.Policy::strictSpf).orElse(false);
        boolean strictDkim = policy.map(Dmarc.Policy::strictDkim).orElse(false);
        boolean aligned = !fromDomain.isEmpty()
                && (("pass".equals(spf) && !spfDomain.isEmpty() && Dmarc.aligned(spfDomain, fromDomain, strictSpf))
                || dkimForList.stream().anyMatch(d -> Dmarc.aligned(d, fromDomain, strictDkim)));
        String dmarc = aligned ? "pass" : dmarcTempError ? "temperror" : policy.isPresent() ? "fail" : "none";

        Optional<String> authUser = HubAttributes.string(mail, Mail.SMTP_AUTH_USER)
                .map(u -> u.toLowerCase(Locale.ROOT));
        boolean authenticated = authUser.isPresent() && authUser.get().equals(fromAddress);
        return new Verdict(spf, spfDomain, dkimPass, dkim, dmarc, policy, fromDomain, authUser, authenticated, aligned);
    }

    /**
     * Whether the signature covers a {@code To:} or {@code Cc:} header and the message's {@code To:}
     * or {@code Cc:} names one of this mail's recipients (the hub list it is posted to).
     */
    static boolean signedForThisList(SignatureRecord r, MimeMessage message, Mail mail) {
        boolean signsAddressees = r.getHeaders() != null && r.getHeaders().stream()
                .map(h -> h.toString().trim().toLowerCase(Locale.ROOT)).anyMatch(h -> h.equals("to") || h.equals("cc"));
        if (!signsAddressees) {
            return false;
        }
        List<String> named = new ArrayList<>();
        for (String header : List.of("To", "Cc")) {
            try {
                javax.mail.internet.InternetAddress[] addresses = javax.mail.internet.InternetAddress.parseHeader(
                        message.getHeader(header, ","), false);
                for (javax.mail.internet.InternetAddress a : addresses) {
                    named.add(a.getAddress().toLowerCase(Locale.ROOT));
                }
            } catch (MessagingException | RuntimeException e) {
                // an unreadable header names nobody
            }
        }
        return mail.getRecipients().stream().anyMatch(rcpt -> named.contains(rcpt.asString().toLowerCase(Locale.ROOT)));
    }

    private String spf(String ip, String mailFrom, String helo) {
        try {
            SPF checker = spf;
            if (checker == null) {
                checker = new SPF(hub.trust().dns().spf());
                spf = checker;
            }
            SPFResult result = checker.checkSPF(ip, mailFrom, helo == null ? "" : helo);
            return result.getResult();
        } catch (RuntimeException e) {
            return "temperror";
        }
    }

    private static java.io.InputStream raw(MimeMessage message) throws IOException, MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return new java.io.ByteArrayInputStream(out.toByteArray());
    }

    /** RFC 8601 section 5: results claiming to come from this hub are the sender's invention. */
    private void removeOurResults(MimeMessage message) throws MessagingException {
        String[] existing = message.getHeader("Authentication-Results");
        if (existing == null) {
            return;
        }
        List<String> keep = new ArrayList<>();
        for (String h : existing) {
            String id = h.trim().split("[;\\s]", 2)[0];
            if (!id.equalsIgnoreCase(hub.domain())) {
                keep.add(h);
            }
        }
        message.removeHeader("Authentication-Results");
        for (String h : keep) {
            message.addHeader("Authentication-Results", h);
        }
    }
}
