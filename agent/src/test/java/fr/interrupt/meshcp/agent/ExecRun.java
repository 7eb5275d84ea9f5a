package fr.interrupt.meshcp.agent;

import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.ExecResult;
import fr.interrupt.meshcp.proto.agent.v1.OutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/** The whole of one Exec call, collected: what came on stdout and stderr, the result, and how many events carried it. */
public record ExecRun(byte[] stdout, byte[] stderr, ExecResult result, int results) {

    public static ExecRun of(AgentServiceGrpc.AgentServiceBlockingStub stub, ExecRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecResult result = null;
        int results = 0;
        Iterator<ExecEvent> events = stub.exec(request);
        while (events.hasNext()) {
            ExecEvent event = events.next();
            if (event.hasResult()) {
                result = event.getResult();
                results++;
            } else if (event.getOutput().getStream() == OutputStream.STDOUT) {
                out.writeBytes(event.getOutput().getData().toByteArray());
            } else {
                err.writeBytes(event.getOutput().getData().toByteArray());
            }
        }
        return new ExecRun(out.toByteArray(), err.toByteArray(), result, results);
    }

    public static ExecRun of(AgentServiceGrpc.AgentServiceBlockingStub stub, String command) {
        return of(stub, ExecRequest.newBuilder().setCommand(command).build());
    }

    public String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String err() {
        return new String(stderr, StandardCharsets.UTF_8);
    }
}
