package org.infohub.core.member;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The membership files as RFC 4180 CSV, read and written with Apache Commons CSV: commas,
 * double-quoted fields that may hold commas, quotes and line breaks (as spreadsheets write them),
 * blank lines skipped, spaces around unquoted fields ignored.
 */
final class CsvReader {
    private static final CSVFormat READ = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true).build();
    private static final CSVFormat WRITE = CSVFormat.RFC4180;

    /** One record and the line it starts on. */
    record Line(int number, List<String> fields) {
    }

    private CsvReader() {
    }

    /**
     * Every record of {@code in} (whose header line, line 1, was read already). A file that cannot
     * be read past some point (a quoted field never closed) ends there, with an error naming the line.
     */
    static List<Line> read(Reader in, List<String> errors) throws IOException {
        List<Line> out = new ArrayList<>();
        try (CSVParser parser = READ.parse(in)) {
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                long before = parser.getCurrentLineNumber();
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    errors.add("line " + (before + 2) + ": a quoted field is not closed, or the file cannot be read past it");
                    break;
                }
                out.add(new Line((int) before + 2, record.toList()));
            }
        }
        return out;
    }

    /** Writes one record, quoting only where RFC 4180 needs it, lines ending in CRLF. */
    static void write(PrintWriter out, String... fields) {
        try {
            CSVPrinter printer = new CSVPrinter(out, WRITE);
            printer.printRecord((Object[]) fields);
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
