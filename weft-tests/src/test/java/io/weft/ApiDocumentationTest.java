package io.weft;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import io.weft.arch.WeftModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every public or protected type, constructor, method and field of the exported packages has a
 * javadoc comment. (The compiler's doclint checks the comments' syntax and references; this checks
 * that they exist, without demanding a tag for every parameter.)
 */
class ApiDocumentationTest {

    /**
     * The source directories of the packages the built modules export to everyone (read from their
     * descriptors, so that a package exported later is checked too).
     */
    private static List<Path> exported() {
        List<Path> dirs = new ArrayList<>();
        for (String p : WeftModules.apiPackages(WeftModules.weft())) {
            dirs.add(Path.of("../weft/src/main/java", p.replace('.', '/')));
        }
        for (String p : WeftModules.apiPackages(WeftModules.weftJunit())) {
            dirs.add(Path.of("../weft-junit/src/main/java", p.replace('.', '/')));
        }
        return dirs;
    }

    @Test
    void everyPublicApiElementIsDocumented() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : exported()) {
            assertThat(dir).isDirectory();
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> undocumented = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            JavacTask task =
                    (JavacTask)
                            javac.getTask(
                                    null,
                                    fm,
                                    null,
                                    null,
                                    null,
                                    fm.getJavaFileObjectsFromPaths(files));
            DocTrees docs = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, Boolean>() {
                    @Override
                    public Void visitClass(ClassTree node, Boolean inInterface) {
                        boolean visible = visible(node.getModifiers(), inInterface);
                        if (visible) {
                            check(node.getSimpleName().toString());
                            boolean iface =
                                    node.getKind() == Tree.Kind.INTERFACE
                                            || node.getKind() == Tree.Kind.ANNOTATION_TYPE;
                            // scan(TreePath, ..) clears the current path when it returns.
                            TreePath classPath = getCurrentPath();
                            for (Tree member : node.getMembers()) {
                                scan(new TreePath(classPath, member), iface);
                            }
                        }
                        return null;
                    }

                    @Override
                    public Void visitMethod(MethodTree node, Boolean inInterface) {
                        if (visible(node.getModifiers(), inInterface)) {
                            String enclosing =
                                    ((ClassTree) getCurrentPath().getParentPath().getLeaf())
                                            .getSimpleName()
                                            .toString();
                            String name =
                                    node.getName().contentEquals("<init>")
                                            ? enclosing + "()"
                                            : enclosing + "." + node.getName() + "()";
                            if (!isOverride(node)) {
                                check(name);
                            }
                        }
                        return null;
                    }

                    @Override
                    public Void visitVariable(VariableTree node, Boolean inInterface) {
                        if (visible(node.getModifiers(), inInterface)) {
                            String enclosing =
                                    ((ClassTree) getCurrentPath().getParentPath().getLeaf())
                                            .getSimpleName()
                                            .toString();
                            check(enclosing + "." + node.getName());
                        }
                        return null;
                    }

                    private void check(String what) {
                        DocCommentTree doc = docs.getDocCommentTree(getCurrentPath());
                        if (doc == null) {
                            undocumented.add(unit.getSourceFile().getName() + ": " + what);
                        }
                    }

                    private boolean visible(ModifiersTree mods, Boolean inInterface) {
                        return Boolean.TRUE.equals(inInterface)
                                || mods.getFlags().contains(Modifier.PUBLIC)
                                || mods.getFlags().contains(Modifier.PROTECTED);
                    }

                    private boolean isOverride(MethodTree node) {
                        return node.getModifiers().getAnnotations().stream()
                                .anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
                    }
                }.scan(new TreePath(unit), false);
            }
        }
        assertThat(undocumented).as("public API without javadoc").isEmpty();
    }
}
