/**
 * Asset selections, shared by the agent and the control plane: {@link
 * dev.materia.api.selection.Selection} parses the selection syntax ({@code key}, {@code +key},
 * {@code *key}, {@code key+}, {@code key*}, {@code group:}, {@code tag:}, {@code kind:}, {@code
 * owner:}, commas for union) and resolves it over an {@link
 * dev.materia.api.selection.AssetGraphView}; {@link dev.materia.api.selection.SnapshotAssetGraph}
 * is that view built from a deployment's snapshots.
 */
package dev.materia.api.selection;
