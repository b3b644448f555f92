package org.infohub.admin.web;

/** What every console page shows around its content: title, who is signed in, the CSRF token, the server's state. */
public record Shell(String title, String section, String user, String csrf, ServerStatus server, String notice,
                    long heldWaiting) {
    public boolean serverRunning() {
        return server.running();
    }

    public String serverText() {
        return server.text();
    }
}
