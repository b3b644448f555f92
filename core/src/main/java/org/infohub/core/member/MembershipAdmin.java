package org.infohub.core.member;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.digest.Digests;
import org.infohub.core.db.Jdbc;

/**
 * Every change to the membership, each checked, done in one transaction with its audit entry.
 * The command line, the web console, the JSON API and the import all come through here.
 */
public final class MembershipAdmin {

    static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");
    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final Pattern LOCAL_PART = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,62}[a-z0-9])?");
    /** Local parts the hub itself answers on or that a group must not take. */
    private static final List<String> RESERVED = List.of("postmaster", "abuse", "mailer-daemon", "root", "hostmaster",
            "webmaster", "noreply", "no-reply");

    private static final String INSERT_ORGANISATION = "INSERT INTO organisation (name, sector, status, joined_at) VALUES (?, ?, ?, ?)";
    private static final String UPDATE_ORGANISATION = "UPDATE organisation SET name = ?, sector = ? WHERE id = ?";
    private static final String ORGANISATION_STATUS = "UPDATE organisation SET status = ? WHERE id = ?";
    private static final String DELETE_DOMAINS = "DELETE FROM organisation_domain WHERE organisation_id = ?";
    private static final String INSERT_DOMAIN = "INSERT INTO organisation_domain (organisation_id, domain) VALUES (?, ?)";
    private static final String DOMAIN_OWNER = "SELECT o.name FROM organisation_domain d JOIN organisation o "
            + "ON o.id = d.organisation_id WHERE d.domain = ? AND d.organisation_id <> ?";
    private static final String INSERT_REPRESENTATIVE =
            "INSERT INTO representative (email, name, organisation_id, status, joined_at) VALUES (?, ?, ?, ?, ?)";
    private static final String UPDATE_REPRESENTATIVE = "UPDATE representative SET name = ?, organisation_id = ? WHERE id = ?";
    private static final String REPRESENTATIVE_STATUS = "UPDATE representative SET status = ? WHERE id = ?";
    private static final String INSERT_LIST = "INSERT INTO hub_list (local_part, kind, sector, name, posting_policy, "
            + "description) VALUES (?, 'GROUP', NULL, ?, ?, ?)";
    private static final String LIST_POLICY = "UPDATE hub_list SET posting_policy = ? WHERE id = ?";
    private static final String LIST_SENDER_CHECK = "UPDATE hub_list SET sender_check = ? WHERE id = ?";
    private static final String LIST_ONE_CLICK = "UPDATE hub_list SET one_click = ? WHERE id = ?";
    private static final String LIST_BILINGUAL_FOOTER = "UPDATE hub_list SET bilingual_footer = ? WHERE id = ?";
    private static final String REPRESENTATIVE_NAME_ZH = "UPDATE representative SET name_zh = ? WHERE id = ?";
    private static final String REPRESENTATIVE_LANGUAGE = "UPDATE representative SET language = ? WHERE id = ?";
    private static final String ADD_LIST_ORGANISATION = "INSERT IGNORE INTO list_organisation (list_id, organisation_id) VALUES (?, ?)";
    private static final String REMOVE_LIST_ORGANISATION = "DELETE FROM list_organisation WHERE list_id = ? AND organisation_id = ?";
    private static final String UPSERT_SUBSCRIPTION = "INSERT INTO subscription (representative_id, list_id, mode, updated_at) "
            + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE mode = VALUES(mode), updated_at = VALUES(updated_at)";
    private static final String KNOWN_SECTORS = "SELECT code FROM sector ORDER BY code";

    private final MembershipRepository members;
    private final AuditLog audit;
    private final Clock clock;
    private final Jdbc jdbc;

    public MembershipAdmin(MembershipRepository members, AuditLog audit, Clock clock) {
        this.members = members;
        this.audit = audit;
        this.clock = clock;
        this.jdbc = members.jdbc();
    }

    public MembershipRepository members() {
        return members;
    }

    public List<String> sectors() {
        return jdbc.query(KNOWN_SECTORS, rs -> rs.getString(1));
    }

    // ---- organisations

    public Organisation createOrganisation(String actor, String name, String sector, List<String> domains) {
        return createOrganisation(actor, name, sector, domains, Status.ACTIVE, LocalDate.now(clock));
    }

    public Organisation createOrganisation(String actor, String name, String sector, List<String> domains, Status status,
                                           LocalDate joined) {
        Map<String, String> errors = new LinkedHashMap<>();
        String cleanName = checkName(name, "name", errors);
        String cleanSector = checkSector(sector, errors);
        List<String> cleanDomains = checkDomains(domains, 0, errors);
        if (errors.isEmpty() && members.findOrganisation(cleanName).isPresent()) {
            errors.put("name", "an organisation named '" + cleanName + "' already exists");
        }
        throwIfAny(errors);
        return jdbc.inTransaction(() -> {
            long id = jdbc.insert(INSERT_ORGANISATION, cleanName, cleanSector, status.code(),
                    Timestamp.valueOf(joined.atStartOfDay()));
            for (String d : cleanDomains) {
                jdbc.execute(INSERT_DOMAIN, id, d);
            }
            Organisation created = members.findOrganisation(id).orElseThrow();
            audit.record(actor, "organisation.create", "organisation", cleanName, "", describe(created));
            return created;
        });
    }

    public Organisation updateOrganisation(String actor, String currentName, String name, String sector, List<String> domains) {
        Organisation before = organisation(currentName);
        Map<String, String> errors = new LinkedHashMap<>();
        String cleanName = checkName(name, "name", errors);
        String cleanSector = checkSector(sector, errors);
        List<String> cleanDomains = checkDomains(domains, before.id(), errors);
        if (errors.isEmpty() && !cleanName.equals(before.name()) && members.findOrganisation(cleanName).isPresent()) {
            errors.put("name", "an organisation named '" + cleanName + "' already exists");
        }
        throwIfAny(errors);
        return jdbc.inTransaction(() -> {
            jdbc.execute(UPDATE_ORGANISATION, cleanName, cleanSector, before.id());
            jdbc.execute(DELETE_DOMAINS, before.id());
            for (String d : cleanDomains) {
                jdbc.execute(INSERT_DOMAIN, before.id(), d);
            }
            Organisation after = members.findOrganisation(before.id()).orElseThrow();
            audit.record(actor, "organisation.update", "organisation", cleanName, describe(before), describe(after));
            return after;
        });
    }

    /** Suspending stops posts from and deliveries to all the organisation's representatives at once. */
    public Organisation setOrganisationStatus(String actor, String name, Status status) {
        return setOrganisationStatus(actor, name, status, "");
    }

    /** The same, with the reason kept beside the status (shown with the organisation and its representatives). */
    public Organisation setOrganisationStatus(String actor, String name, Status status, String reason) {
        Organisation before = organisation(name);
        String why = reason == null ? "" : reason.strip();
        if (why.length() > 500) {
            throw ValidationException.of("reason", "at most 500 characters");
        }
        return jdbc.inTransaction(() -> {
            jdbc.execute(ORGANISATION_STATUS, status.code(), before.id());
            jdbc.execute("UPDATE organisation SET status_reason = ?, status_changed_at = CURRENT_TIMESTAMP(3) WHERE id = ?",
                    why, before.id());
            Organisation after = members.findOrganisation(before.id()).orElseThrow();
            audit.record(actor, status == Status.ACTIVE ? "organisation.activate" : "organisation.suspend", "organisation",
                    before.name(), describe(before), describe(after) + (why.isEmpty() ? "" : "; reason=" + why));
            return after;
        });
    }

    // ---- representatives

    /**
     * Mailbox providers anyone can sign up with: an address there says nothing about which
     * organisation its owner works for.
     */
    static final java.util.Set<String> FREE_MAIL = java.util.Set.of("gmail.com", "googlemail.com", "outlook.com",
            "hotmail.com", "hotmail.com.hk", "live.com", "live.hk", "msn.com", "yahoo.com", "yahoo.com.hk", "ymail.com",
            "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.net",
            "mail.com", "yandex.com", "zoho.com", "tutanota.com", "qq.com", "163.com", "126.com", "sina.com", "sohu.com",
            "foxmail.com", "netvigator.com", "hkbn.net", "i-cable.com", "biznetvigator.com", "ymail.com.hk");

    /**
     * What is odd about {@code r}'s address for its organisation, in words: on a free-mail domain,
     * or outside every domain the organisation registered (or the organisation has none, so no
     * address can be checked). Empty when the address is at one of its domains.
     */
    public Optional<String> addressWarning(Representative r) {
        Organisation o = members.findOrganisation(r.organisationId()).orElse(null);
        if (o == null) {
            return Optional.empty();
        }
        String domain = r.email().substring(r.email().lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (FREE_MAIL.contains(domain)) {
            return Optional.of(domain + " is a free-mail provider: the address does not show that its owner works for "
                    + o.name());
        }
        if (o.domains().isEmpty()) {
            return Optional.of(o.name() + " has registered no domains, so " + r.email()
                    + " cannot be checked against them; add the organisation's domains");
        }
        boolean inside = o.domains().stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
        return inside ? Optional.empty() : Optional.of(domain + " is not one of " + o.name() + "'s domains ("
                + String.join(", ", o.domains()) + ")");
    }

    public Representative addRepresentative(String actor, String email, String name, String organisationName) {
        return addRepresentative(actor, email, name, organisationName, Status.ACTIVE, LocalDate.now(clock));
    }

    public Representative addRepresentative(String actor, String email, String name, String organisationName, Status status,
                                            LocalDate joined) {
        Map<String, String> errors = new LinkedHashMap<>();
        String cleanEmail = checkEmail(email, errors);
        String cleanName = checkName(name, "name", errors);
        Optional<Organisation> org = findOrganisationFor(organisationName, errors);
        if (errors.isEmpty() && members.findRepresentative(cleanEmail).isPresent()) {
            errors.put("email", cleanEmail + " is already registered");
        }
        throwIfAny(errors);
        return jdbc.inTransaction(() -> {
            jdbc.insert(INSERT_REPRESENTATIVE, cleanEmail, cleanName, org.orElseThrow().id(), status.code(),
                    Timestamp.valueOf(joined.atStartOfDay()));
            Representative created = members.findRepresentative(cleanEmail).orElseThrow();
            // A new representative's digests cover what is archived from now on.
            Digests.startCursor(jdbc, created.id(), clock.instant());
            audit.record(actor, "representative.create", "representative", cleanEmail, "", describe(created));
            addressWarning(created).ifPresent(w -> audit.record(actor, "representative.warning", "representative",
                    cleanEmail, "", w));
            return created;
        });
    }

    public Representative updateRepresentative(String actor, String email, String name, String organisationName) {
        Representative before = representative(email);
        Map<String, String> errors = new LinkedHashMap<>();
        String cleanName = checkName(name, "name", errors);
        Optional<Organisation> org = findOrganisationFor(organisationName, errors);
        throwIfAny(errors);
        return jdbc.inTransaction(() -> {
            jdbc.execute(UPDATE_REPRESENTATIVE, cleanName, org.orElseThrow().id(), before.id());
            Representative after = members.findRepresentative(before.email()).orElseThrow();
            audit.record(actor, "representative.update", "representative", before.email(), describe(before), describe(after));
            if (after.organisationId() != before.organisationId()) {
                addressWarning(after).ifPresent(w -> audit.record(actor, "representative.warning", "representative",
                        after.email(), "", w));
            }
            return after;
        });
    }

    /**
     * Sets a representative's registered Chinese name ({@code 陳大文}; blank removes it): shown beside
     * the English one and proposed for redaction wherever it stands in a post.
     */
    public Representative setChineseName(String actor, String email, String nameZh) {
        Representative before = representative(email);
        String clean = nameZh == null ? "" : nameZh.strip();
        Map<String, String> errors = new LinkedHashMap<>();
        if (clean.length() > 64) {
            errors.put("name_zh", "the Chinese name has more than 64 characters");
        } else if (!clean.isEmpty() && clean.codePoints().anyMatch(c -> Character.isISOControl(c) || c == '<' || c == '>')) {
            errors.put("name_zh", "the Chinese name holds a character a name cannot have");
        }
        throwIfAny(errors);
        return jdbc.inTransaction(() -> {
            jdbc.execute(REPRESENTATIVE_NAME_ZH, clean.isEmpty() ? null : clean, before.id());
            Representative after = members.findRepresentative(before.email()).orElseThrow();
            audit.record(actor, "representative.name-zh", "representative", before.email(),
                    String.valueOf(before.nameZh()), String.valueOf(after.nameZh()));
            return after;
        });
    }

    /** Sets the language the hub writes to a representative in; null: the programme's. */
    public Representative setLanguage(String actor, String email, org.infohub.core.i18n.Language language) {
        Representative before = representative(email);
        return jdbc.inTransaction(() -> {
            jdbc.execute(REPRESENTATIVE_LANGUAGE, language == null ? null : language.tag(), before.id());
            Representative after = members.findRepresentative(before.email()).orElseThrow();
            audit.record(actor, "representative.language", "representative", before.email(),
                    before.language() == null ? "programme" : before.language().tag(),
                    after.language() == null ? "programme" : after.language().tag());
            return after;
        });
    }

    public Representative setRepresentativeStatus(String actor, String email, Status status) {
        Representative before = representative(email);
        return jdbc.inTransaction(() -> {
            jdbc.execute(REPRESENTATIVE_STATUS, status.code(), before.id());
            Representative after = members.findRepresentative(before.email()).orElseThrow();
            audit.record(actor, status == Status.ACTIVE ? "representative.activate" : "representative.suspend",
                    "representative", before.email(), describe(before), describe(after));
            return after;
        });
    }

    // ---- lists and subscriptions

    public HubList createGroupList(String actor, String localPart, String name, HubList.PostingPolicy policy,
                                   String description, List<String> organisationNames) {
        Map<String, String> errors = new LinkedHashMap<>();
        String part = localPart == null ? "" : localPart.trim().toLowerCase(Locale.ROOT);
        if (!LOCAL_PART.matcher(part).matches()) {
            errors.put("address", "'" + part + "' cannot be a list address: use lower-case letters, digits, '.' and '-'"
                    + " (at most 64), starting and ending with a letter or digit");
        } else if (RESERVED.contains(part) || part.endsWith("-request") || part.endsWith("-owner")
                || part.endsWith("-bounces")) {
            errors.put("address", "'" + part + "' is reserved for the hub itself");
        } else if (members.findList(part).isPresent()) {
            errors.put("address", part + "@ already exists");
        }
        String cleanName = checkName(name, "name", errors);
        if (policy == null) {
            errors.put("policy", "choose members, anyone or moderated");
        }
        List<Organisation> orgs = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String org : organisationNames) {
            members.findOrganisation(org).ifPresentOrElse(orgs::add, () -> unknown.add(org));
        }
        if (!unknown.isEmpty()) {
            errors.put("organisations", "unknown organisation(s): " + String.join(", ", unknown));
        }
        throwIfAny(errors);
        String text = description == null ? "" : description.trim();
        return jdbc.inTransaction(() -> {
            long id = jdbc.insert(INSERT_LIST, part, cleanName, policy.code(), text);
            for (Organisation o : orgs) {
                jdbc.execute(ADD_LIST_ORGANISATION, id, o.id());
            }
            HubList list = members.findList(part).orElseThrow();
            audit.record(actor, "list.create", "list", part, "", describe(list));
            return list;
        });
    }

    public HubList setPostingPolicy(String actor, String localPart, HubList.PostingPolicy policy) {
        HubList before = list(localPart);
        return jdbc.inTransaction(() -> {
            jdbc.execute(LIST_POLICY, policy.code(), before.id());
            HubList after = members.findList(before.localPart()).orElseThrow();
            audit.record(actor, "list.policy", "list", before.localPart(), describe(before), describe(after));
            return after;
        });
    }

    /** What the list does with posts whose sender is not authenticated (see {@link HubList.SenderCheck}). */
    public HubList setSenderCheck(String actor, String localPart, HubList.SenderCheck check) {
        HubList before = list(localPart);
        return jdbc.inTransaction(() -> {
            jdbc.execute(LIST_SENDER_CHECK, check.code(), before.id());
            HubList after = members.findList(before.localPart()).orElseThrow();
            audit.record(actor, "list.sender-check", "list", before.localPart(), describe(before), describe(after));
            return after;
        });
    }

    /** Sets who on a list gets a copy of their own with a one-click unsubscribe link (issue 15). */
    public HubList setOneClick(String actor, String localPart, HubList.OneClick oneClick) {
        HubList before = list(localPart);
        return jdbc.inTransaction(() -> {
            jdbc.execute(LIST_ONE_CLICK, oneClick.code(), before.id());
            HubList after = members.findList(before.localPart()).orElseThrow();
            audit.record(actor, "list.one-click", "list", before.localPart(), describe(before), describe(after));
            return after;
        });
    }

    /** Whether a list's footer is written in English and Traditional Chinese both (else in the programme's language). */
    public HubList setBilingualFooter(String actor, String localPart, boolean bilingual) {
        HubList before = list(localPart);
        return jdbc.inTransaction(() -> {
            jdbc.execute(LIST_BILINGUAL_FOOTER, bilingual, before.id());
            HubList after = members.findList(before.localPart()).orElseThrow();
            audit.record(actor, "list.bilingual-footer", "list", before.localPart(), describe(before), describe(after));
            return after;
        });
    }

    public void addListOrganisation(String actor, String localPart, String organisationName) {
        changeGroup(actor, localPart, organisationName, true);
    }

    public void removeListOrganisation(String actor, String localPart, String organisationName) {
        changeGroup(actor, localPart, organisationName, false);
    }

    private void changeGroup(String actor, String localPart, String organisationName, boolean add) {
        HubList list = list(localPart);
        if (list.kind() != HubList.Kind.GROUP) {
            throw ValidationException.of("list", list.localPart() + "@ takes " + list.membershipInWords()
                    + "; only group lists have a chosen set of organisations");
        }
        Organisation org = organisation(organisationName);
        jdbc.inTransaction(() -> {
            String before = String.join(", ", members.groupOrganisations(list));
            jdbc.execute(add ? ADD_LIST_ORGANISATION : REMOVE_LIST_ORGANISATION, list.id(), org.id());
            audit.record(actor, add ? "list.add-organisation" : "list.remove-organisation", "list", list.localPart(),
                    "organisations=" + before, "organisations=" + String.join(", ", members.groupOrganisations(list)));
            return null;
        });
    }

    /** Sets how a representative takes a list; they must belong to it. */
    public DeliveryMode setSubscription(String actor, String email, String localPart, DeliveryMode mode) {
        Representative rep = representative(email);
        HubList list = list(localPart);
        if (!members.isMember(list, rep)) {
            throw ValidationException.of("list", rep.organisationName() + " does not belong to " + list.localPart()
                    + "@ (it takes " + list.membershipInWords() + ")");
        }
        return jdbc.inTransaction(() -> {
            DeliveryMode before = members.modeOf(rep, list);
            jdbc.execute(UPSERT_SUBSCRIPTION, rep.id(), list.id(), mode.code(), Timestamp.from(clock.instant()));
            audit.record(actor, "subscription.set", "subscription", rep.email() + " " + list.localPart(),
                    "mode=" + before.code(), "mode=" + mode.code());
            return mode;
        });
    }

    // ---- lookups that fail with a message naming what was not found

    public Organisation organisation(String name) {
        return members.findOrganisation(name == null ? "" : name)
                .orElseThrow(() -> ValidationException.of("organisation", "no organisation named '" + name + "'"));
    }

    public Representative representative(String email) {
        return members.findRepresentative(email == null ? "" : email)
                .orElseThrow(() -> ValidationException.of("email", "no representative with the address " + email));
    }

    public HubList list(String localPart) {
        String part = localPart == null ? "" : localPart.trim().toLowerCase(Locale.ROOT);
        int at = part.indexOf('@');
        String bare = at < 0 ? part : part.substring(0, at);
        return members.findList(bare).orElseThrow(() -> ValidationException.of("list", "no list " + bare + "@"));
    }

    // ---- checks

    private Optional<Organisation> findOrganisationFor(String organisationName, Map<String, String> errors) {
        if (organisationName == null || organisationName.isBlank()) {
            errors.put("organisation", "choose the organisation");
            return Optional.empty();
        }
        Optional<Organisation> org = members.findOrganisation(organisationName);
        if (org.isEmpty()) {
            errors.put("organisation", "no organisation named '" + organisationName.trim() + "'");
        }
        return org;
    }

    private static String checkName(String name, String field, Map<String, String> errors) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) {
            errors.put(field, "the name is empty");
        } else if (clean.length() > 200) {
            errors.put(field, "the name is longer than 200 characters");
        } else if (clean.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            errors.put(field, "the name contains control characters");
        }
        return clean;
    }

    private String checkSector(String sector, Map<String, String> errors) {
        String clean = sector == null ? "" : sector.trim().toLowerCase(Locale.ROOT);
        List<String> known = sectors();
        if (!known.contains(clean)) {
            errors.put("sector", (clean.isEmpty() ? "choose a sector" : "unknown sector '" + clean + "'")
                    + " (known: " + String.join(", ", known) + ")");
        }
        return clean;
    }

    private List<String> checkDomains(List<String> domains, long organisationId, Map<String, String> errors) {
        TreeSet<String> clean = new TreeSet<>();
        List<String> bad = new ArrayList<>();
        for (String d : domains == null ? List.<String>of() : domains) {
            String x = d.trim().toLowerCase(Locale.ROOT);
            if (x.isEmpty()) {
                continue;
            }
            if (DOMAIN.matcher(x).matches() && x.length() <= 253) {
                clean.add(x);
            } else {
                bad.add(d.trim());
            }
        }
        if (!bad.isEmpty()) {
            errors.put("domains", "not a domain name: " + String.join(", ", bad));
        } else {
            for (String d : clean) {
                jdbc.queryOne(DOMAIN_OWNER, rs -> rs.getString(1), d, organisationId)
                        .ifPresent(owner -> errors.put("domains", d + " already belongs to " + owner));
            }
        }
        return List.copyOf(clean);
    }

    private static String checkEmail(String email, Map<String, String> errors) {
        String clean = email == null ? "" : MembershipRepository.normalise(email);
        if (!EMAIL.matcher(clean).matches() || clean.length() > 254) {
            errors.put("email", "'" + (email == null ? "" : email.trim()) + "' is not an e-mail address");
        }
        return clean;
    }

    private static void throwIfAny(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    static String describe(Organisation o) {
        return "name=" + o.name() + "; sector=" + o.sector() + "; domains=" + String.join(" ", o.domains())
                + "; status=" + o.status().code() + "; joined=" + o.joined();
    }

    static String describe(Representative r) {
        return "email=" + r.email() + "; name=" + r.name() + "; organisation=" + r.organisationName()
                + "; status=" + r.status().code();
    }

    static String describe(HubList l) {
        return "address=" + l.localPart() + "; kind=" + l.kind().name().toLowerCase(Locale.ROOT) + "; name=" + l.name()
                + "; policy=" + l.postingPolicy().code() + "; sender-check=" + l.senderCheck().code()
                + "; one-click=" + l.oneClick().code() + "; bilingual-footer=" + l.bilingualFooter();
    }
}
