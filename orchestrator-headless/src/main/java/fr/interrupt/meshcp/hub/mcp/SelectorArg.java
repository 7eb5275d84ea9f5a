package fr.interrupt.meshcp.hub.mcp;

import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;

import fr.interrupt.meshcp.shared.labels.LabelSelector;
import java.util.Map;

/** The {@code selector} argument of list_machines and exec_many: a label selector parsed by the one {@link LabelSelector}. */
final class SelectorArg {
    static final String NAME = "selector";

    private SelectorArg() {
    }

    /** Its schema: a string in Kubernetes' selector syntax. */
    static Map<String, Object> schema(String use) {
        return string("Label selector (Kubernetes syntax), " + use + ": \"env=prod,role!=db\", \"env in (prod,staging)\", \"gpu\", \"!gpu\".",
                "env=prod");
    }

    /**
     * The parsed selector, or null when the argument is absent.
     *
     * @throws fr.interrupt.meshcp.hub.MeshcpException INVALID_INPUT naming the argument and what is wrong
     */
    static LabelSelector parse(Args args) {
        String text = args.optionalString(NAME);
        if (text == null) {
            return null;
        }
        try {
            return LabelSelector.parse(text);
        } catch (IllegalArgumentException e) {
            throw Args.invalid("argument \"" + NAME + "\": " + e.getMessage());
        }
    }
}
