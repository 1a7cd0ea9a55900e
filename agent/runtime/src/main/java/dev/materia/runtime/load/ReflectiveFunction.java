package dev.materia.runtime.load;

import dev.materia.runtime.graph.StepFunction;
import dev.materia.runtime.graph.StepInputs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/** Calls an annotated method with arguments resolved as the loader decided. */
final class ReflectiveFunction implements StepFunction {
  private final Method method;
  private final Object target;
  private final Argument[] arguments;

  ReflectiveFunction(Method method, Object target, List<Argument> arguments) {
    this.method = method;
    this.target = target;
    this.arguments = arguments.toArray(Argument[]::new);
  }

  @Override
  public Object apply(StepInputs inputs) throws Exception {
    Object[] values = new Object[arguments.length];
    for (int i = 0; i < arguments.length; i++) {
      values[i] =
          switch (arguments[i]) {
            case Argument.Context context -> inputs.context();
            case Argument.Input input -> inputs.input(input.dependency());
            case Argument.Resource resource -> inputs.resource(resource.name());
          };
    }
    try {
      return method.invoke(target, values);
    } catch (InvocationTargetException e) {
      // Report the user's exception itself, not the reflection wrapper.
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return method.getDeclaringClass().getName() + "." + method.getName();
  }
}
