package io.weft.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The property harness itself: the same inputs on every run, a failure that names its seed and
 * shrinks its input, and a replay of that seed that makes the same input again.
 */
class PropertyCheckTest {
    private static final Gen<List<Integer>> LISTS = Gen.integers(0, 100).list(0, 30, 8);
    private static final List<String> SETTINGS =
            List.of("weft.property.seed", "weft.property.tries", "weft.property.base");
    private final Map<String, String> saved = new HashMap<>();

    /** These tests run without the settings a run of the suite may have been given. */
    @BeforeEach
    void clearSettings() {
        for (String key : SETTINGS) {
            String value = System.clearProperty(key);
            if (value != null) {
                saved.put(key, value);
            }
        }
    }

    @AfterEach
    void restoreSettings() {
        SETTINGS.forEach(System::clearProperty);
        saved.forEach(System::setProperty);
    }

    @Test
    void everyRunTriesTheSameInputs() {
        List<List<Integer>> first = new ArrayList<>();
        List<List<Integer>> second = new ArrayList<>();
        PropertyCheck.forAll("PropertyCheckTest.same", 50, LISTS, first::add);
        PropertyCheck.forAll("PropertyCheckTest.same", 50, LISTS, second::add);
        assertThat(first).hasSize(50).isEqualTo(second);
        List<List<Integer>> other = new ArrayList<>();
        PropertyCheck.forAll("PropertyCheckTest.other", 50, LISTS, other::add);
        assertThat(other).isNotEqualTo(first);
    }

    /** A broken property: some list sums to 100 or more. */
    private static void sumIsBelow100(List<Integer> list) {
        assertThat(list.stream().mapToInt(Integer::intValue).sum()).isLessThan(100);
    }

    @Test
    void aFailureNamesItsSeedAndShrinksTheInput() {
        AssertionError e =
                catchThrowableOfType(
                        AssertionError.class,
                        () ->
                                PropertyCheck.forAll(
                                        "PropertyCheckTest.broken",
                                        1000,
                                        LISTS,
                                        PropertyCheckTest::sumIsBelow100));
        assertThat(e.getMessage())
                .startsWith("property PropertyCheckTest.broken failed on try ")
                .contains("replay it with -Dtest=PropertyCheckTest#broken -Dweft.property.seed=")
                .contains("shrunk in ");
        // Shrunk as far as it goes: lowering any element by one, or dropping one, passes.
        Matcher shrunk = Pattern.compile("to: \\[([0-9, ]*)]").matcher(e.getMessage());
        assertThat(shrunk.find()).isTrue();
        int sum = 0;
        for (String n : shrunk.group(1).split(", ")) {
            sum += Integer.parseInt(n);
        }
        assertThat(sum).isEqualTo(100);
        assertThat(e.getCause()).isInstanceOf(AssertionError.class);
    }

    @Test
    void theSeedOfAFailureReplaysItsInput() {
        List<List<Integer>> failing = new ArrayList<>();
        AssertionError e =
                catchThrowableOfType(
                        AssertionError.class,
                        () ->
                                PropertyCheck.forAll(
                                        "PropertyCheckTest.replayed",
                                        1000,
                                        LISTS,
                                        list -> {
                                            if (failing.isEmpty()) {
                                                try {
                                                    sumIsBelow100(list);
                                                } catch (AssertionError failed) {
                                                    failing.add(list);
                                                    throw failed;
                                                }
                                            }
                                            sumIsBelow100(list);
                                        }));
        Matcher seed = Pattern.compile("-Dweft\\.property\\.seed=(-?\\d+)").matcher(e.getMessage());
        assertThat(seed.find()).isTrue();
        List<List<Integer>> replayed = new ArrayList<>();
        System.setProperty("weft.property.seed", seed.group(1));
        try {
            assertThatThrownBy(() ->
                            PropertyCheck.forAll(
                                    "PropertyCheckTest.replayed",
                                    1000,
                                    LISTS,
                                    list -> {
                                        if (replayed.isEmpty()) {
                                            replayed.add(list);
                                        }
                                        sumIsBelow100(list);
                                    }))
                    .hasMessageContaining("failed on try 1 of 1 (seed " + seed.group(1) + "L");
        } finally {
            System.clearProperty("weft.property.seed");
        }
        assertThat(replayed).isEqualTo(failing);
    }

    @Test
    void triesCanBeChangedForARun() {
        List<List<Integer>> inputs = new ArrayList<>();
        System.setProperty("weft.property.tries", "7");
        try {
            PropertyCheck.forAll("PropertyCheckTest.tries", 1000, LISTS, inputs::add);
        } finally {
            System.clearProperty("weft.property.tries");
        }
        assertThat(inputs).hasSize(7);
    }
}
