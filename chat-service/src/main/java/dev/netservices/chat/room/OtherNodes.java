package dev.netservices.chat.room;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The part of the room on other nodes, as this node's {@link Membership} sees it: names are claimed room-wide
 * through it, and it lists and removes the members held elsewhere. (The notices for everyone reach the other nodes
 * down the datagram flow: see {@link Outgoing.Everyone}.) {@link #NONE} is a room on one node.
 *
 * <p>What needs the other nodes' answer is a future, never a wait: a receive thread hands the question over and
 * goes on with the next datagram ({@link Later}). {@link #NONE} answers at once, with futures already done.
 */
public interface OtherNodes {

    /** What became of a name claim. */
    enum Claim {
        CLAIMED, TAKEN, FULL,
        /** The shared state cannot be reached: the join is refused, members already in keep talking. */
        UNAVAILABLE
    }

    /**
     * Claims {@code member}'s name room-wide, atomically; when {@code renamedFrom} is not null the member's
     * previous name is released in the same step. {@code maxMembers} bounds the room as a whole.
     */
    CompletableFuture<Claim> claim(Member member, Member renamedFrom, int maxMembers);

    /**
     * Frees the name of a member who left this node, without waiting; the answer completes once Redis has answered
     * (true when the name was freed) or the attempt failed. Best effort: a dead node's names are freed by the others,
     * a name left held by this node by its next heartbeat.
     */
    CompletableFuture<Boolean> release(Member member);

    /** Notes room-wide which room {@code member} of this node's is in now, without waiting (best effort). */
    void entered(Member member);

    /** Whether a member of another node holds {@code name}; false when they cannot be asked. */
    CompletableFuture<Boolean> holds(String name);

    /** Members held by other nodes; none when they cannot be asked. */
    CompletableFuture<List<MemberView>> members();

    /** Asks the node holding {@code name} to remove it, telling it {@code reason} (may be null); false when no other node holds it. */
    boolean remove(String name, String reason);

    /** This node's name, shown beside its members. */
    String nodeName();

    OtherNodes NONE = new OtherNodes() {
        @Override
        public CompletableFuture<Claim> claim(Member member, Member renamedFrom, int maxMembers) {
            return CompletableFuture.completedFuture(Claim.CLAIMED);
        }

        @Override
        public CompletableFuture<Boolean> release(Member member) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void entered(Member member) {
        }

        @Override
        public CompletableFuture<Boolean> holds(String name) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public CompletableFuture<List<MemberView>> members() {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public boolean remove(String name, String reason) {
            return false;
        }

        @Override
        public String nodeName() {
            return "local";
        }
    };
}
