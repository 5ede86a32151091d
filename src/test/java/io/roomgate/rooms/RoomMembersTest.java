package io.roomgate.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.protocol.Payloads.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A room's sorted users (PROTOCOL §2.0): counts per user, code-point order and pages. */
class RoomMembersTest {

    private final RoomMembers members = new RoomMembers();

    @Test
    void a_user_counts_once_however_many_connections_and_leaves_with_the_last() {
        assertThat(members.add(member("ann"))).as("first connection").isTrue();
        assertThat(members.add(member("ann"))).as("second connection").isFalse();
        assertThat(members.add(member("ben"))).isTrue();
        assertThat(members.count()).isEqualTo(2);

        assertThat(members.remove("ann")).as("one of two connections").isFalse();
        assertThat(members.count()).isEqualTo(2);
        assertThat(members.remove("ann")).as("the last connection").isTrue();
        assertThat(members.remove("ann")).as("no longer there").isFalse();
        assertThat(userIds(members.page(Optional.empty(), 10))).containsExactly("ben");
        assertThat(members.count()).isEqualTo(1);
    }

    @Test
    void users_are_listed_by_code_point_so_a_supplementary_character_sorts_after_the_private_use_area() {
        String privateUse = "\uE000";
        String emoji = new String(Character.toChars(0x1F600));
        List.of(emoji, privateUse, "z", "A", "a").forEach(id -> members.add(member(id)));

        assertThat(userIds(members.page(Optional.empty(), 10))).containsExactly("A", "a", "z", privateUse, emoji);
        assertThat(emoji.compareTo(privateUse)).as("String's own order is by UTF-16 unit").isNegative();
    }

    @Test
    void code_point_order_agrees_with_comparing_decoded_code_points() {
        var samples = List.of("", "a", "ab", "b", "\uD7FF", "\uE000", "\uFFFF", new String(Character.toChars(0x10000)),
                new String(Character.toChars(0x10FFFF)), "a" + new String(Character.toChars(0x1F600)), "a\uFFFD");
        for (String a : samples) {
            for (String b : samples) {
                assertThat(Integer.signum(CodePointOrder.INSTANCE.compare(a, b)))
                        .as("%s vs %s", a, b).isEqualTo(Integer.signum(byCodePoints(a, b)));
            }
        }
    }

    @Test
    void a_page_holds_at_most_the_limit_is_marked_truncated_and_the_next_starts_after_its_last_user() {
        IntStream.rangeClosed(1, 7).forEach(i -> members.add(member("u" + i)));

        var first = members.page(Optional.empty(), 3);
        assertThat(userIds(first)).containsExactly("u1", "u2", "u3");
        assertThat(first.truncated()).isTrue();
        assertThat(first.count()).isEqualTo(7);

        var seen = new ArrayList<>(userIds(first));
        var page = first;
        while (page.truncated()) {
            page = members.page(Optional.of(seen.get(seen.size() - 1)), 3);
            seen.addAll(userIds(page));
        }
        assertThat(seen).containsExactly("u1", "u2", "u3", "u4", "u5", "u6", "u7");
        assertThat(members.page(Optional.of("u4"), 3).truncated()).as("exactly the limit left").isFalse();
    }

    @Test
    void a_page_after_a_user_who_left_starts_where_that_user_would_sort() {
        List.of("a", "c", "d").forEach(id -> members.add(member(id)));

        assertThat(userIds(members.page(Optional.of("b"), 10))).containsExactly("c", "d");
        assertThat(userIds(members.page(Optional.of("zzz"), 10))).isEmpty();
    }

    @Test
    void the_first_connections_username_is_the_one_listed() {
        members.add(new Member("ann", "Ann"));
        members.add(new Member("ann", "Ann on her phone"));

        assertThat(members.page(Optional.empty(), 1).members()).containsExactly(new Member("ann", "Ann"));
    }

    private static int byCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static Member member(String userId) {
        return new Member(userId, userId.toUpperCase());
    }

    private static List<String> userIds(MemberPage page) {
        return page.members().stream().map(Member::userId).toList();
    }
}
