package org.infohub.admin.user;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.admin.auth.AdminUsers;

import picocli.CommandLine.Command;

/** {@code ./infohub admin list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List console administrators.")
public class AdminListCommand extends DatabaseCommand {
    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        for (AdminUsers.AdminUser u : new AdminUsers(ctx.jdbc(), ctx.audit(), ctx.clock()).all()) {
            out.println(u.name() + " (" + u.role() + ")" + u.lockedUntil().filter(t -> t.isAfter(ctx.clock().instant()))
                    .map(t -> ", locked until " + t).orElse(""));
        }
        return ExitCodes.OK;
    }
}
