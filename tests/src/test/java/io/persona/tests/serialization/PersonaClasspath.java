package io.persona.tests.serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every class under {@code io/persona/} in the main code of Persona's modules on the class path:
 * the module folders Maven puts there in a reactor build ({@code target/classes}) and the module
 * jars of a packaged one. Test code (test-classes folders, -tests jars) is left out: its classes
 * are fixtures, not what a node sends.
 */
final class PersonaClasspath {
  private static final String ROOT = "io/persona/";

  private PersonaClasspath() {}

  /** The binary names of the classes found, sorted. */
  static Set<String> mainClassNames() {
    Set<String> names = new TreeSet<>();
    try {
      for (URL url : Collections.list(PersonaClasspath.class.getClassLoader().getResources(ROOT))) {
        switch (url.getProtocol()) {
          case "file" -> addFromFolder(Path.of(url.toURI()), names);
          case "jar" -> addFromJar((JarURLConnection) url.openConnection(), names);
          default -> throw new IllegalStateException("cannot list classes under " + url);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  /** The classes found, loaded without initializing them. */
  static List<Class<?>> mainClasses() {
    List<Class<?>> classes = new ArrayList<>();
    for (String name : mainClassNames()) {
      try {
        classes.add(Class.forName(name, false, PersonaClasspath.class.getClassLoader()));
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("cannot load " + name + ", found on the class path", e);
      }
    }
    return classes;
  }

  private static void addFromFolder(Path personaFolder, Set<String> names) throws IOException {
    Path classesRoot = personaFolder.getParent().getParent();
    if (classesRoot.getFileName().toString().equals("test-classes")) {
      return;
    }
    try (Stream<Path> files = Files.walk(personaFolder)) {
      files.map(file -> classesRoot.relativize(file).toString().replace(java.io.File.separatorChar, '/'))
          .forEach(path -> addIfClass(path, names));
    }
  }

  private static void addFromJar(JarURLConnection connection, Set<String> names) throws IOException {
    connection.setUseCaches(false);
    try (JarFile jar = connection.getJarFile()) {
      if (jar.getName().endsWith("-tests.jar")) {
        return;
      }
      for (JarEntry entry : Collections.list(jar.entries())) {
        if (entry.getName().startsWith(ROOT)) {
          addIfClass(entry.getName(), names);
        }
      }
    }
  }

  private static void addIfClass(String path, Set<String> names) {
    if (path.endsWith(".class") && !path.endsWith("package-info.class") && !path.endsWith("module-info.class")) {
      names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
    }
  }
}
