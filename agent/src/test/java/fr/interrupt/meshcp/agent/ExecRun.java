package fr.interrupt.meshcp.agent;

import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.ExecResult;
import fr.interrupt.meshcp.proto.agent.v1.JobInfo;
import fr.interrupt.meshcp.proto.agent.v1.OutputGap;
import fr.interrupt.meshcp.proto.agent.v1.OutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The whole of one Exec (or AttachJob) call, collected: what came on stdout and stderr (live and kept tail together),
 * the gaps between, the first JobInfo, the result, and how many events carried it. Checks that offsets follow on.
 */
public record ExecRun(byte[] stdout, byte[] stderr, ExecResult result, int results, JobInfo job, List<OutputGap> gaps) {

    public static ExecRun of(AgentServiceGrpc.AgentServiceBlockingStub stub, ExecRequest request) {
        return collect(stub.exec(request), 0, 0);
    }

    public static ExecRun of(AgentServiceGrpc.AgentServiceBlockingStub stub, String command) {
        return of(stub, ExecRequest.newBuilder().setCommand(command).build());
    }

    /** Collects a stream of events whose output starts at the given offsets. */
    public static ExecRun collect(Iterator<ExecEvent> events, long stdoutOffset, long stderrOffset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long[] position = {stdoutOffset, stderrOffset};
        List<OutputGap> gaps = new ArrayList<>();
        ExecResult result = null;
        JobInfo job = null;
        int results = 0;
        while (events.hasNext()) {
            ExecEvent event = events.next();
            if (event.hasResult()) {
                result = event.getResult();
                results++;
            } else if (event.hasJob()) {
                if (job != null) {
                    throw new IllegalStateException("two job events");
                }
                job = event.getJob();
            } else if (event.hasGap()) {
                int i = event.getGap().getStream() == OutputStream.STDOUT ? 0 : 1;
                expect(job, position[i] == event.getGap().getFromOffset(), "gap " + event.getGap() + " at " + position[i]);
                position[i] = event.getGap().getToOffset();
                gaps.add(event.getGap());
            } else {
                int i = event.getOutput().getStream() == OutputStream.STDOUT ? 0 : 1;
                expect(job, position[i] == event.getOutput().getOffset(), "chunk at " + event.getOutput().getOffset() + ", expected " + position[i]);
                position[i] += event.getOutput().getData().size();
                (i == 0 ? out : err).writeBytes(event.getOutput().getData().toByteArray());
            }
        }
        return new ExecRun(out.toByteArray(), err.toByteArray(), result, results, job, gaps);
    }

    private static void expect(JobInfo job, boolean condition, String what) {
        if (job == null) {
            throw new IllegalStateException("output before the job event");
        }
        if (!condition) {
            throw new IllegalStateException("offsets do not follow on: " + what);
        }
    }

    public String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String err() {
        return new String(stderr, StandardCharsets.UTF_8);
    }
}
