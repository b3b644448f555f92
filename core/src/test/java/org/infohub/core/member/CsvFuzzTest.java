package org.infohub.core.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.infohub.core.fuzz.LinearTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The membership CSV reader on any file: every problem is a line-numbered error, never an exception. */
class CsvFuzzTest {

    @FuzzTest
    void readingShouldTakeAnyFile(FuzzedDataProvider data) throws IOException {
        List<String> errors = new ArrayList<>();
        List<CsvReader.Line> lines = CsvReader.read(new StringReader(data.consumeRemainingAsString()), errors);
        assertThat(lines).allSatisfy(l -> assertThat(l.number()).isPositive());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void readingShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("CsvReader.read on " + shape, unit + ",\"" + unit + "\"\r\n", text -> {
            try {
                CsvReader.read(new StringReader(text), new ArrayList<>());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
