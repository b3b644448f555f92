package org.infohub.admin.web;

import io.javalin.Javalin;

/** One noun's pages and API routes (as James's webadmin has one {@code Routes} class per noun). */
interface ConsoleRoutes {
    void add(Javalin app);
}
