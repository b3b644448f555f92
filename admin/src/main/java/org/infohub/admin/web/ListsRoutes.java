package org.infohub.admin.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;
import org.infohub.core.member.Organisation;
import org.infohub.core.member.Page;
import org.infohub.core.member.ValidationException;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

/**
 * Lists: the list page (search, sort), creating a group list (its organisations chosen by
 * type-ahead), a list's page (posting policy, sender check, organisations, members) and
 * {@code /api/lists}.
 */
public final class ListsRoutes implements ConsoleRoutes {
    private final ConsoleServices s;
    private final Pages pages;

    /** One row of the lists page. */
    public record ListRow(HubList list, int immediate, int digest, int off) {
    }

    /** One member of a list as its page shows them. */
    public record ListMember(String email, String mode) {
    }

    ListsRoutes(ConsoleServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    @Override
    public void add(Javalin app) {
        app.get("/console/lists", ctx -> listsPage(ctx, Form.EMPTY, List.of()));
        app.post("/console/lists", this::create);
        app.get("/console/lists/{list}", this::listPage);
        app.post("/console/lists/{list}/policy", ctx -> {
            HubList.PostingPolicy p = HubList.PostingPolicy.parse(ctx.formParam("policy"))
                    .orElseThrow(() -> ValidationException.of("policy", "members, anyone or moderated"));
            HubList l = s.admin.setPostingPolicy(Pages.actor(ctx), ctx.pathParam("list"), p);
            Pages.done(ctx, link(l.localPart()), Pages.say(ctx, s, "console.done.policy", p.code()));
        });
        app.post("/console/lists/{list}/sender-check", ctx -> {
            HubList.SenderCheck c = HubList.SenderCheck.parse(ctx.formParam("check"))
                    .orElseThrow(() -> ValidationException.of("check", "hold, reject or off"));
            HubList l = s.admin.setSenderCheck(Pages.actor(ctx), ctx.pathParam("list"), c);
            Pages.done(ctx, link(l.localPart()), Pages.say(ctx, s, "console.done.senderCheck", c.code()));
        });
        app.post("/console/lists/{list}/organisations", ctx -> {
            String list = ctx.pathParam("list");
            List<String> orgs = chosen(ctx);
            for (String org : orgs) {
                if ("remove".equals(ctx.formParam("action"))) {
                    s.admin.removeListOrganisation(Pages.actor(ctx), list, org);
                } else {
                    s.admin.addListOrganisation(Pages.actor(ctx), list, org);
                }
            }
            Pages.done(ctx, link(list), orgs.isEmpty() ? Pages.say(ctx, s, "console.done.noOrganisation")
                    : Pages.say(ctx, s, "console.done.savedList", String.join(", ", orgs)));
        });

        app.get("/api/lists", ctx -> ctx.json(s.members.lists().stream().map(this::json).toList()));
        app.post("/api/lists", ctx -> {
            Map<String, Object> body = Api.body(ctx);
            HubList l = s.admin.createGroupList(Pages.actor(ctx), Api.str(body, "address"), Api.str(body, "name"),
                    HubList.PostingPolicy.parse(Optional.of(Api.str(body, "policy")).filter(p -> !p.isEmpty())
                            .orElse("members")).orElse(null), Api.str(body, "description"), Api.strings(body, "organisations"));
            ctx.status(HttpStatus.CREATED).json(json(l));
        });
    }

    private static String link(String list) {
        return "/console/lists/" + Listing.enc(list);
    }

    /** The organisations a form names: ticked chips, and whatever is left typed in the type-ahead. */
    private static List<String> chosen(Context ctx) {
        List<String> all = new ArrayList<>(ctx.formParams("organisations"));
        all.add(Optional.ofNullable(ctx.formParam("organisation")).orElse(""));
        return all.stream().map(String::strip).filter(o -> !o.isEmpty()).distinct().toList();
    }

    private Map<String, Object> json(HubList l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", l.localPart());
        m.put("kind", l.kind().name().toLowerCase(Locale.ROOT));
        m.put("name", l.name());
        m.put("policy", l.postingPolicy().code());
        m.put("organisations", l.kind() == HubList.Kind.GROUP ? s.members.groupOrganisations(l) : List.of());
        return m;
    }

    private List<String> organisationNames() {
        return s.members.organisationNames();
    }

    private void listsPage(Context ctx, Form form, List<String> chosen) {
        Listing listing = Listing.from(ctx, "/console/lists", "address");
        String q = listing.search().toLowerCase(Locale.ROOT);
        Comparator<HubList> order = switch (listing.sort()) {
            case "kind" -> Comparator.comparing((HubList l) -> l.kind().name());
            case "name" -> Comparator.comparing(HubList::name, String.CASE_INSENSITIVE_ORDER);
            case "policy" -> Comparator.comparing((HubList l) -> l.postingPolicy().code());
            default -> Comparator.comparing(HubList::localPart);
        };
        List<HubList> matching = s.members.lists().stream()
                .filter(l -> q.isEmpty() || l.localPart().contains(q) || l.name().toLowerCase(Locale.ROOT).contains(q))
                .sorted(listing.desc() ? order.reversed() : order).toList();
        Page<HubList> page = slice(matching, listing.page());
        List<ListRow> rows = new ArrayList<>();
        Map<Long, Map<DeliveryMode, Integer>> all = s.members.memberCounts(page.rows());
        for (HubList l : page.rows()) {
            Map<DeliveryMode, Integer> counts = all.get(l.id());
            rows.add(new ListRow(l, counts.get(DeliveryMode.IMMEDIATE), counts.get(DeliveryMode.DIGEST), counts.get(DeliveryMode.OFF)));
        }
        pages.render(ctx, "lists.jte", "console.title.lists", "lists", Map.of("rows", rows, "form", form, "listing", listing.with(page),
                "organisations", organisationNames(), "chosen", chosen));
    }

    /** One page of an in-memory list (lists and a list's members are few enough to sort in memory). */
    private static <T> Page<T> slice(List<T> all, int page) {
        int from = Math.min(all.size(), (Math.max(1, page) - 1) * Listing.SIZE);
        return new Page<>(all.subList(from, Math.min(all.size(), from + Listing.SIZE)), all.size(), Math.max(1, page),
                Listing.SIZE);
    }

    private void create(Context ctx) {
        Map<String, String> v = Pages.formValues(ctx, "address", "name", "policy", "description");
        List<String> orgs = chosen(ctx);
        try {
            HubList l = s.admin.createGroupList(Pages.actor(ctx), v.get("address"), v.get("name"),
                    HubList.PostingPolicy.parse(v.get("policy")).orElse(null), v.get("description"), orgs);
            Pages.done(ctx, link(l.localPart()), Pages.say(ctx, s, "console.done.created", l.localPart() + "@", orgs.size()));
        } catch (ValidationException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            listsPage(ctx, new Form(v, e.fieldErrors()), orgs);
        }
    }

    private void listPage(Context ctx) {
        HubList l = s.members.findList(ctx.pathParam("list")).orElseThrow(() -> new NotFoundResponse("No such list."));
        Listing listing = Listing.from(ctx, link(l.localPart()), "email");
        String q = listing.search().toLowerCase(Locale.ROOT);
        List<ListMember> who = new ArrayList<>();
        for (DeliveryMode mode : DeliveryMode.values()) {
            s.members.memberEmails(l, mode).stream().filter(e -> q.isEmpty() || e.contains(q))
                    .forEach(e -> who.add(new ListMember(e, mode.code())));
        }
        Comparator<ListMember> order = "mode".equals(listing.sort())
                ? Comparator.comparing(ListMember::mode).thenComparing(ListMember::email)
                : Comparator.comparing(ListMember::email);
        who.sort(listing.desc() ? order.reversed() : order);
        Page<ListMember> page = slice(who, listing.page());
        pages.render(ctx, "list.jte", l.localPart() + "@", "lists", Map.of("list", l, "members", page.rows(),
                "listing", listing.with(page),
                "groupOrganisations", l.kind() == HubList.Kind.GROUP ? s.members.groupOrganisations(l) : List.of(),
                "organisations", organisationNames()));
    }
}
