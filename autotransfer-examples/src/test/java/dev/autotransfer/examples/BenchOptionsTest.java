package dev.autotransfer.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    static final Set<String> KNOWN = Set.of("quota", "mode");

    @Test
    void values_are_read_with_their_defaults_and_ranges() {
        BenchOptions options = BenchOptions.parse(new String[] {"--quota", "20_000"}, KNOWN);

        assertThat(options.intValue("quota", 200, 1, 1_000_000)).isEqualTo(20_000);
        assertThat(options.choice("mode", "quota", Set.of("quota", "priorities"))).isEqualTo("quota");
        assertThat(options.has("mode")).isFalse();
    }

    @Test
    void a_bad_value_is_refused_naming_the_option_and_the_value() {
        BenchOptions options = BenchOptions.parse(new String[] {"--quota", "lots", "--mode", "fast"}, KNOWN);

        assertThatThrownBy(() -> options.intValue("quota", 200, 1, 1_000_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--quota must be a whole number 1..1000000, was 'lots'");
        assertThatThrownBy(() -> options.choice("mode", "quota", Set.of("quota", "priorities")))
                .hasMessage("--mode must be one of [priorities, quota], was 'fast'");
    }

    @Test
    void unknown_repeated_or_valueless_options_are_refused_by_name() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--qouta", "5"}, KNOWN))
                .hasMessage("unknown option '--qouta'; known: [mode, quota]");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--quota", "5", "--quota", "6"}, KNOWN))
                .hasMessage("option --quota is given twice");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--quota"}, KNOWN))
                .hasMessage("option --quota has no value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"quota", "5"}, KNOWN))
                .hasMessageStartingWith("expected an option such as --");
    }
}
