package org.infohub.admin.list;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.HubList;
import org.infohub.core.member.ValidationException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub list footer ADDRESS bilingual|programme}. */
@Command(name = "footer", mixinStandardHelpOptions = true,
        description = "Set the language of a list's footer (the TLP label, what it asks, the list): bilingual writes it in "
                + "English and Traditional Chinese both; programme (the default) in programme.language only. Every member "
                + "gets the same copy, so the footer cannot follow each reader's language.")
public class ListFooterCommand extends DatabaseCommand {
    @Parameters(index = "0", paramLabel = "ADDRESS") String address;
    @Parameters(index = "1", paramLabel = "LANGUAGES", description = "bilingual or programme") String languages;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        boolean bilingual = switch (languages.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "bilingual", "both" -> true;
            case "programme", "one" -> false;
            default -> throw ValidationException.of("languages", "'" + languages + "': choose bilingual or programme");
        };
        HubList l = ctx.admin().setBilingualFooter(ctx.actor(), address, bilingual);
        out.println(l.localPart() + "@ footer: " + (l.bilingualFooter() ? "English and Traditional Chinese" : "the programme's language"));
        return ExitCodes.OK;
    }
}
