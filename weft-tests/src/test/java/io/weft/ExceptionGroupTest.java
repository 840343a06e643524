package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link ExceptionGroup} itself: construction, nesting, split, subgroup, except and collapse. */
class ExceptionGroupTest {

    private final IllegalStateException state = new IllegalStateException("state");
    private final IllegalArgumentException argument = new IllegalArgumentException("argument");
    private final IOException io = new IOException("io");
    private final AssertionError error = new AssertionError("error");

    /** {@code outer[state, inner[io, argument], error]}. */
    private ExceptionGroup nested() {
        ExceptionGroup inner = new ExceptionGroup("inner", List.of(io, argument));
        return new ExceptionGroup("outer", List.of(state, inner, error));
    }

    // ---------------------------------------------------------------- construction

    @Test
    void constructionRejectsNullAndEmptyWithClearErrors() {
        assertThatThrownBy(() -> new ExceptionGroup(null, List.of(state)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageStartingWith("message is null")
                .hasMessageContaining("(\"\" for none)");
        assertThatThrownBy(() -> new ExceptionGroup("m", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("exceptions");
        assertThatThrownBy(() -> new ExceptionGroup("m", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one exception");
        List<Throwable> withNull = new ArrayList<>();
        withNull.add(state);
        withNull.add(null);
        assertThatThrownBy(() -> new ExceptionGroup("m", withNull))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("null exception");
    }

    @Test
    void exceptionsKeepTheirOrderAndCannotBeChanged() {
        List<Throwable> source = new ArrayList<>(List.of(state, io, argument));
        ExceptionGroup g = new ExceptionGroup("m", source);
        source.clear();
        assertThat(g.exceptions()).containsExactly(state, io, argument);
        assertThatThrownBy(() -> g.exceptions().add(error))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> g.exceptions().remove(0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void membersAreAlsoSuppressedExceptionsSoEveryPrinterShowsThem() {
        ExceptionGroup g = new ExceptionGroup("m", List.of(state, io));
        assertThat(g.getSuppressed()).containsExactly(state, io);
        assertThat(g.getCause()).isNull();
    }

    @Test
    void theMessageCountsTheMembersAsPythonPrintsIt() {
        assertThat(new ExceptionGroup("one", List.of(state)).getMessage())
                .isEqualTo("one (1 sub-exception)");
        ExceptionGroup two = new ExceptionGroup("two", List.of(state, io));
        assertThat(two.getMessage()).isEqualTo("two (2 sub-exceptions)");
        assertThat(two.message()).isEqualTo("two");
        assertThat(nested().getMessage()).isEqualTo("outer (3 sub-exceptions)");
    }

    @Test
    void leavesAreTheNonGroupMembersDepthFirst() {
        assertThat(nested().leaves()).containsExactly(state, io, argument, error);
        assertThat(new ExceptionGroup("m", List.of(io)).leaves()).containsExactly(io);
    }

    // ---------------------------------------------------------------- split

    @Test
    void splitByTypeKeepsTheNesting() {
        ExceptionGroup g = nested();
        ExceptionGroup.Split s = g.split(RuntimeException.class);

        ExceptionGroup matched = s.matched();
        assertThat(matched.message()).isEqualTo("outer");
        assertThat(matched.exceptions()).hasSize(2);
        assertThat(matched.exceptions().get(0)).isSameAs(state);
        ExceptionGroup matchedInner = (ExceptionGroup) matched.exceptions().get(1);
        assertThat(matchedInner.message()).isEqualTo("inner");
        assertThat(matchedInner.exceptions()).containsExactly(argument);

        ExceptionGroup rest = s.rest();
        assertThat(rest.message()).isEqualTo("outer");
        assertThat(rest.exceptions()).hasSize(2);
        ExceptionGroup restInner = (ExceptionGroup) rest.exceptions().get(0);
        assertThat(restInner.exceptions()).containsExactly(io);
        assertThat(rest.exceptions().get(1)).isSameAs(error);

        // The original is untouched.
        assertThat(g.leaves()).containsExactly(state, io, argument, error);
    }

    @Test
    void splitByASupertypeOfGroupsLooksAtTheMembersNotTheGroup() {
        // Every ExceptionGroup is a RuntimeException, whatever it holds.
        ExceptionGroup g = new ExceptionGroup("m", List.of(io, state, error));
        ExceptionGroup.Split s = g.split(RuntimeException.class);
        assertThat(s.matched().exceptions()).containsExactly(state);
        assertThat(s.rest().exceptions()).containsExactly(io, error);
        assertThat(g.subgroup(Exception.class).exceptions()).containsExactly(io, state);
        List<ExceptionGroup> handled = new ArrayList<>();
        g.except(Exception.class, handled::add);
        assertThat(handled)
                .singleElement()
                .satisfies(m -> assertThat(m.leaves()).doesNotContain(error));
    }

    @Test
    void aGroupTypeMatchesNestedGroupsWhole() {
        TaggedGroup tagged = new TaggedGroup("tagged", List.of(io, state));
        ExceptionGroup g = new ExceptionGroup("m", List.of(argument, tagged));
        ExceptionGroup.Split s = g.split(TaggedGroup.class);
        assertThat(s.matched().exceptions()).containsExactly(tagged);
        assertThat(s.rest().exceptions()).containsExactly(argument);
    }

    @Test
    void splitByPredicateTestsGroupsAndLeaves() {
        ExceptionGroup g = nested();
        ExceptionGroup.Split byMessage = g.split(t -> "io".equals(t.getMessage()));
        assertThat(byMessage.matched().leaves()).containsExactly(io);
        assertThat(byMessage.rest().leaves()).containsExactly(state, argument, error);

        // A nested group that matches as a whole goes to the matched side entire.
        ExceptionGroup inner = (ExceptionGroup) g.exceptions().get(1);
        ExceptionGroup.Split byGroup = g.split(t -> t == inner);
        assertThat(byGroup.matched().exceptions()).containsExactly(inner);
        assertThat(byGroup.rest().exceptions()).containsExactly(state, error);
    }

    @Test
    void aSideThatHoldsEverythingIsTheGroupItselfAndAnEmptySideIsNull() {
        ExceptionGroup g = nested();
        ExceptionGroup.Split all = g.split(Throwable.class);
        assertThat(all.matched()).isSameAs(g);
        assertThat(all.rest()).isNull();

        ExceptionGroup.Split none = g.split(InterruptedException.class);
        assertThat(none.matched()).isNull();
        assertThat(none.rest()).isSameAs(g);

        // The group itself matches a group type.
        assertThat(g.split(ExceptionGroup.class).matched()).isSameAs(g);
    }

    @Test
    void derivedGroupsKeepTheMessageCauseAndStackTrace() {
        ExceptionGroup g = nested();
        IOException cause = new IOException("cause");
        g.initCause(cause);
        ExceptionGroup.Split s = g.split(IllegalStateException.class);
        for (ExceptionGroup part : List.of(s.matched(), s.rest())) {
            assertThat(part).isNotSameAs(g);
            assertThat(part.message()).isEqualTo("outer");
            assertThat(part.getCause()).isSameAs(cause);
            assertThat(part.getStackTrace()).isEqualTo(g.getStackTrace());
        }
    }

    /** A subclass that keeps its type when split. */
    static final class TaggedGroup extends ExceptionGroup {
        private static final long serialVersionUID = 1L;

        TaggedGroup(String message, List<Throwable> exceptions) {
            super(message, exceptions);
        }

        @Override
        protected ExceptionGroup derive(List<Throwable> members) {
            return new TaggedGroup(message(), members);
        }
    }

    @Test
    void aSubclassKeepsItsTypeThroughDerive() {
        TaggedGroup g = new TaggedGroup("tagged", List.of(state, io));
        ExceptionGroup.Split s = g.split(IOException.class);
        assertThat(s.matched()).isExactlyInstanceOf(TaggedGroup.class);
        assertThat(s.rest()).isExactlyInstanceOf(TaggedGroup.class);
        assertThat(s.matched().exceptions()).containsExactly(io);
    }

    // ---------------------------------------------------------------- subgroup

    @Test
    void subgroupIsTheMatchedSideOrNull() {
        ExceptionGroup g = nested();
        assertThat(g.subgroup(IOException.class).leaves()).containsExactly(io);
        assertThat(g.subgroup(IOException.class).exceptions().get(0))
                .isInstanceOf(ExceptionGroup.class);
        assertThat(g.subgroup(t -> t instanceof Error).leaves()).containsExactly(error);
        assertThat(g.subgroup(InterruptedException.class)).isNull();
        assertThat(g.subgroup(t -> false)).isNull();
        assertThat(g.subgroup(Exception.class).leaves()).containsExactly(state, io, argument);
    }

    // ---------------------------------------------------------------- except (except*)

    @Test
    void exceptHandsTheMatchingPartToTheHandlerAndRethrowsTheRestAsAGroup() {
        ExceptionGroup g = nested();
        List<ExceptionGroup> handledState = new ArrayList<>();
        List<ExceptionGroup> handledIo = new ArrayList<>();
        ExceptionGroup.Remainder r =
                g.except(IllegalStateException.class, handledState::add)
                        .except(IOException.class, handledIo::add);
        assertThat(handledState)
                .singleElement()
                .satisfies(m -> assertThat(m.leaves()).containsExactly(state));
        assertThat(handledIo)
                .singleElement()
                .satisfies(m -> assertThat(m.leaves()).containsExactly(io));

        assertThat(r.remaining()).isPresent();
        Throwable rethrown = catchThrowable(r::rethrow);
        assertThat(rethrown).isInstanceOf(ExceptionGroup.class);
        ExceptionGroup rest = (ExceptionGroup) rethrown;
        assertThat(rest.message()).isEqualTo("outer");
        assertThat(rest.leaves()).containsExactly(argument, error);
        // Nesting kept: the argument exception is still inside the inner group.
        assertThat(rest.exceptions().get(0)).isInstanceOf(ExceptionGroup.class);
        assertThat(rest.exceptions().get(1)).isSameAs(error);
    }

    @Test
    void aHandlerThatMatchesNothingIsNotCalled() {
        ExceptionGroup g = nested();
        AtomicReference<ExceptionGroup> called = new AtomicReference<>();
        ExceptionGroup.Remainder r = g.except(InterruptedException.class, called::set);
        assertThat(called.get()).isNull();
        assertThat(r.remaining()).containsSame(g);
        assertThatThrownBy(r::rethrow).isSameAs(g);
    }

    @Test
    void whenEverythingIsHandledNothingIsRethrown() {
        ExceptionGroup g = nested();
        List<ExceptionGroup> handled = new ArrayList<>();
        ExceptionGroup.Remainder r =
                g.except(RuntimeException.class, handled::add)
                        .except(Throwable.class, handled::add)
                        .except(Throwable.class, m -> handled.add(null));
        assertThat(handled).hasSize(2).doesNotContainNull();
        assertThat(r.remaining()).isEmpty();
        r.rethrow(); // does nothing
    }

    @Test
    void aHandlerThatThrowsPropagatesWithTheUnhandledRestSuppressed() {
        ExceptionGroup g = nested();
        IllegalStateException fromHandler = new IllegalStateException("handler failed");
        Throwable thrown =
                catchThrowable(() ->
                        g.except(
                                IOException.class,
                                m -> {
                                    throw fromHandler;
                                }));
        assertThat(thrown).isSameAs(fromHandler);
        assertThat(fromHandler.getSuppressed()).hasSize(1);
        ExceptionGroup unhandled = (ExceptionGroup) fromHandler.getSuppressed()[0];
        assertThat(unhandled.leaves()).containsExactly(state, argument, error);
    }

    @Test
    void aHandlerThatTakesEverythingAndThrowsAddsNothing() {
        ExceptionGroup g = new ExceptionGroup("m", List.of(io));
        IOException fromHandler = new IOException("translated");
        Throwable thrown =
                catchThrowable(() ->
                        g.except(
                                IOException.class,
                                m -> {
                                    throw fromHandler;
                                }));
        assertThat(thrown).isSameAs(fromHandler);
        assertThat(fromHandler.getSuppressed()).isEmpty();
    }

    @Test
    void exceptRejectsNullArguments() {
        ExceptionGroup g = nested();
        assertThatThrownBy(() -> g.except(null, m -> {})).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> g.except(IOException.class, null))
                .isInstanceOf(NullPointerException.class);
    }

    // ---------------------------------------------------------------- collapse

    @Test
    void collapseUnwrapsSingleExceptionGroupsRecursively() {
        assertThat(ExceptionGroup.collapse(new ExceptionGroup("m", List.of(io)))).isSameAs(io);
        ExceptionGroup deep =
                new ExceptionGroup(
                        "a",
                        List.of(
                                new ExceptionGroup(
                                        "b", List.of(new ExceptionGroup("c", List.of(io))))));
        assertThat(ExceptionGroup.collapse(deep)).isSameAs(io);
        // A single member that is a group of several stops the unwrapping there.
        ExceptionGroup two = new ExceptionGroup("two", List.of(io, state));
        assertThat(ExceptionGroup.collapse(new ExceptionGroup("one", List.of(two)))).isSameAs(two);
        assertThat(ExceptionGroup.collapse(two)).isSameAs(two);
        assertThat(ExceptionGroup.collapse(io)).isSameAs(io);
    }
}
