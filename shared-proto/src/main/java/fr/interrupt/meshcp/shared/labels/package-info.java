/**
 * Machine labels and label selectors with Kubernetes' syntax and rules
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/): {@link
 * fr.interrupt.meshcp.shared.labels.Labels} checks keys and values, {@link fr.interrupt.meshcp.shared.labels.LabelSelector}
 * parses and matches selectors, {@link fr.interrupt.meshcp.shared.labels.LabelEdit} reads kubectl's {@code key=value} /
 * {@code key-} changes. The agent validates its {@code labels:} with them, the hub's faces parse {@code -l} and the MCP
 * {@code selector} with them: one parser for every face.
 */
package fr.interrupt.meshcp.shared.labels;
