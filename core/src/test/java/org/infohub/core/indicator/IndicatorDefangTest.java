package org.infohub.core.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exports written defanged, as analysts exchange indicators, and read back by the hub's own extractor. */
class IndicatorDefangTest {

    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource(delimiter = '|', value = {
        "ip|203.0.113.7|203[.]0[.]113[.]7",
        "domain|login-firstbank.com|login-firstbank[.]com",
        "url|https://login-firstbank.com/secure|hxxps://login-firstbank[.]com/secure",
        "email|drop@attacker-mail.com|drop[@]attacker-mail[.]com",
        "hash|275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f|275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
        "cve|cve-2024-3400|cve-2024-3400",
    })
    void defangedIndicatorsReadBackAsTheSameIndicator(String kind, String value, String defanged) {
        assertThat(IndicatorHistory.defang(kind, value)).isEqualTo(defanged);
        assertThat(new Indicators("hub.example").extract("seen: " + defanged + " today").stream()
                .map(i -> i.kind().code() + ":" + i.value())).contains(kind + ":" + value);
    }
}
