package org.infohub.admin.representative;

import java.io.PrintWriter;
import java.util.Locale;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.config.HubConfig;
import org.infohub.core.member.ValidationException;
import org.infohub.core.trust.Bounces;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub rep delivery EMAIL [on]}: the bounce score, and delivery turned back on. */
@Command(name = "delivery", mixinStandardHelpOptions = true,
        description = "Show a representative's bounce score and whether delivery to them is stopped; 'on' turns it "
                + "back on and clears the score.")
public class RepresentativeDeliveryCommand extends DatabaseCommand {
    @Parameters(index = "0", paramLabel = "EMAIL") String email;
    @Parameters(index = "1", arity = "0..1", paramLabel = "on") String on;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        if (ctx.members().findRepresentative(email).isEmpty()) {
            throw ValidationException.of("email", "no representative " + email);
        }
        HubConfig config = options.load();
        Bounces bounces = new Bounces(ctx.jdbc(), ctx.clock(), config.trust().bounceThreshold(),
                config.trust().bounceHalfLife());
        if (on != null) {
            if (!on.equalsIgnoreCase("on")) {
                throw ValidationException.of("on", "'" + on + "': the only action is 'on'");
            }
            bounces.enable(ctx.actor(), email);
        }
        Bounces.State s = bounces.state(email);
        out.printf(Locale.ROOT, "%s: bounce score %.2f (threshold %.2f), delivery %s%n", email, s.score(),
                bounces.threshold(), s.disabledAt().map(t -> "stopped since " + t).orElse("on"));
        return ExitCodes.OK;
    }
}
