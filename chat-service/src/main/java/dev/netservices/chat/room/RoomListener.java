package dev.netservices.chat.room;

/** Told what the room refuses, on the thread that decided it: must be quick and must not block. */
@FunctionalInterface
public interface RoomListener {

    /**
     * One datagram refused or left unanswered; {@code kind} is a short stable word such as {@code flood},
     * {@code oversize} or {@code name-taken}.
     */
    void refused(String kind);
}
