/**
 * The Materia SDK: what users write software-defined assets against.
 *
 * <p>Annotate methods with {@link dev.materia.sdk.Asset} and {@link dev.materia.sdk.AssetCheck},
 * collect their classes in {@link dev.materia.sdk.Definitions}, and expose them through a {@link
 * dev.materia.sdk.CodeLocation}. The package depends on the JDK alone.
 *
 * <pre>{@code
 * public final class SalesLocation implements CodeLocation {
 *   public Definitions definitions() {
 *     return Definitions.builder().assets(SalesAssets.class).build();
 *   }
 * }
 * }</pre>
 */
package dev.materia.sdk;
