package dev.netservices.chat.udp;

import java.util.concurrent.Executor;

/**
 * The executor of one inbound adapter. The adapter hands it two kinds of task: its receive loop (once, at
 * start) and then, from inside that loop, one hand-off per datagram. The loop gets a thread of its own; each
 * hand-off runs right there on the loop's thread. So the datagrams of one receive socket are handled in
 * arrival order, with no thread switch between receiving a line and fanning it out.
 */
final class ReceiveLoopExecutor implements Executor {

    private final String threadName;
    private volatile Thread loop;

    ReceiveLoopExecutor(String threadName) {
        this.threadName = threadName;
    }

    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() == loop) {
            task.run();
            return;
        }
        Thread thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(task);
        loop = thread;
        thread.start();
    }
}
