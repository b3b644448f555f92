package org.infohub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One SMTP connection that sends posts one after the other, as a mail client would. */
final class SmtpSender implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    SmtpSender(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(120_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
        expect(reply(), "220");
        expect(command("EHLO bench.example"), "250");
    }

    /** Sends one message; returns when the server answered the end of DATA with 250. */
    void send(String from, String to, String message) throws IOException {
        expect(command("MAIL FROM:<" + from + ">"), "250");
        expect(command("RCPT TO:<" + to + ">"), "250");
        expect(command("DATA"), "354");
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(reply(), "250");
    }

    /**
     * Sends one message as {@link #send} does; returns the nanoseconds from the end of DATA (the
     * final dot written and flushed) to the server's 250, as the sender sees it.
     */
    long sendTimed(String from, String to, String message) throws IOException {
        expect(command("MAIL FROM:<" + from + ">"), "250");
        expect(command("RCPT TO:<" + to + ">"), "250");
        expect(command("DATA"), "354");
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.flush();
        long t0 = System.nanoTime();
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String reply = reply();
        long took = System.nanoTime() - t0;
        expect(reply, "250");
        return took;
    }

    private String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    private String reply() throws IOException {
        String line;
        StringBuilder all = new StringBuilder();
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after: " + all);
            }
            all.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return all.toString();
    }

    private static void expect(String reply, String code) throws IOException {
        if (!reply.startsWith(code)) {
            throw new IOException("expected " + code + ", got " + reply.trim());
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
