package org.minitransport.tck.verify;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The factory class a grader runs a suite against: its name comes from the JUnit configuration
 * parameter {@value #PARAMETER} and it is loaded by the thread's context class loader (the
 * student's classpath). A suite's {@code Student…Verification} subclass takes one in its
 * constructor, resolved by {@link Resolver}, and calls {@link #instantiate}.
 *
 * @param className the factory's binary name
 * @param loader the loader that sees the student's classes
 */
public record StudentFactory(String className, ClassLoader loader) {

  /** The JUnit configuration parameter naming the factory class. */
  public static final String PARAMETER = "minitransport.tck.factory";

  public StudentFactory {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(loader, "loader");
  }

  /**
   * A new instance of the factory class, through its public no-argument constructor.
   *
   * @throws IllegalArgumentException naming the class if it cannot be found, does not implement
   *     {@code type}, or has no public no-argument constructor; the cause if the constructor
   *     throws
   */
  public <F> F instantiate(Class<F> type) {
    Class<?> loaded = load(type);
    try {
      Constructor<?> constructor = loaded.getConstructor();
      return type.cast(constructor.newInstance());
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "constructor of factory " + className + " threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot create factory " + className + ": " + e, e);
    }
  }

  /**
   * Loads the factory class and checks that it can serve as a {@code type}: a public, concrete
   * class implementing it with a public no-argument constructor.
   *
   * @throws IllegalArgumentException naming the class and what is wrong with it
   */
  public Class<?> load(Class<?> type) {
    Class<?> loaded;
    try {
      loaded = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "factory class " + className + " is not on the given classpath (" + e + ")", e);
    }
    if (!type.isAssignableFrom(loaded)) {
      throw new IllegalArgumentException(
          "factory class " + className + " does not implement " + type.getName());
    }
    if (!Modifier.isPublic(loaded.getModifiers()) || Modifier.isAbstract(loaded.getModifiers())) {
      throw new IllegalArgumentException(
          "factory class " + className + " must be public and concrete");
    }
    try {
      loaded.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "factory class " + className + " needs a public no-argument constructor", e);
    }
    return loaded;
  }

  /** Resolves a {@link StudentFactory} constructor parameter from the run's configuration. */
  public static final class Resolver implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == StudentFactory.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      String name = context.getConfigurationParameter(PARAMETER)
          .orElseThrow(() -> new ParameterResolutionException(
              "no factory class given: set the configuration parameter " + PARAMETER
                  + " (the grader's --factory)"));
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      return new StudentFactory(name, loader == null ? StudentFactory.class.getClassLoader()
          : loader);
    }
  }
}
