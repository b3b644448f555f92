package org.infohub.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal SMTP client over a real socket, so tests see every reply code the hub gives and send
 * the exact bytes they mean to (odd MIME included).
 */
final class SmtpClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    SmtpClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
        expect(reply(), "220");
        expect(command("EHLO client.test"), "250");
    }

    /** The reply codes of MAIL, each RCPT and the end of DATA (or of the first refusal). */
    record Result(String mail, List<String> rcpts, String data) {
        boolean accepted() {
            return data != null && data.startsWith("250");
        }
    }

    /** A session after its greeting and EHLO, for tests that speak the protocol themselves. */
    static SmtpClient connect(int port) throws IOException {
        return new SmtpClient(port);
    }

    static Result send(int port, String from, List<String> to, byte[] message) throws IOException {
        try (SmtpClient c = new SmtpClient(port)) {
            return c.transaction(from, to, message);
        }
    }

    Result transaction(String from, List<String> to, byte[] message) throws IOException {
        String mail = command("MAIL FROM:<" + from + ">");
        List<String> rcpts = new ArrayList<>();
        boolean any = false;
        for (String r : to) {
            String reply = command("RCPT TO:<" + r + ">");
            rcpts.add(reply);
            any |= reply.startsWith("250");
        }
        if (!mail.startsWith("250") || !any) {
            command("RSET");
            return new Result(mail, rcpts, null);
        }
        String go = command("DATA");
        expect(go, "354");
        out.write(dotStuff(message));
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new Result(mail, rcpts, reply());
    }

    private static byte[] dotStuff(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
        if (!text.endsWith("\r\n")) {
            text += "\r\n";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\r\n", -1)) {
            sb.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        sb.setLength(sb.length() - 2);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** DATA with exactly these bytes (no dot-stuffing) and the final dot; the one reply to it. */
    String rawData(byte[] raw) throws IOException {
        expect(command("DATA"), "354");
        out.write(raw);
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    private String reply() throws IOException {
        StringBuilder sb = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed; got so far: " + sb);
            }
            sb.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return sb.toString().trim();
    }

    private static void expect(String reply, String code) throws IOException {
        if (!reply.startsWith(code)) {
            throw new IOException("expected " + code + ", got " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
        } catch (IOException e) {
            // closing anyway
        }
        socket.close();
    }
}
