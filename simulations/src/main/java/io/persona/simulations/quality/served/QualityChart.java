package io.persona.simulations.quality.served;

import io.persona.simulations.learning.CtrChart;
import io.persona.simulations.quality.Goal;
import io.persona.simulations.quality.MethodRow;
import io.persona.simulations.quality.SeenPolicy;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * HR@10 of every method as grouped bars, one group per protocol and seen policy, the served lists
 * last in each group, with the 95 % interval as a whisker and the goal (the higher of 2.5×
 * most-popular and 1.25× the best baseline) as a dashed line over the group. Plain Java2D, as
 * {@link CtrChart} draws the learning curve, so the chart needs nothing the build does not have.
 */
final class QualityChart {
  static final int WIDTH = 1100;
  static final int HEIGHT = 560;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 110;
  private static final int BOTTOM = 70;
  /** Baselines in muted colours, the served lists in one that stands out. */
  static final Color SERVED = new Color(0xd62728);
  private static final Color[] BASELINES = {new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x1f77b4),
      new Color(0x17becf), new Color(0x9467bd), new Color(0x8c564b), new Color(0xff7f0e), new Color(0xe377c2)};
  private static final Color GOAL = new Color(0x2ca02c);

  /** One bar: a method's HR@10 and the half-width of its 95 % interval. */
  record Bar(String label, double hitRate, double margin, boolean served) {}

  /** The bars of one protocol and seen policy, and the HR@10 the goal asks of the served lists. */
  record Group(String label, List<Bar> bars, double goal) {}

  private QualityChart() {}

  static List<Group> groups(List<ServedProtocol> protocols) {
    List<Group> groups = new ArrayList<>();
    for (ServedProtocol p : protocols) {
      for (SeenPolicy seen : SeenPolicy.values()) {
        List<Bar> bars = new ArrayList<>();
        for (MethodRow row : ServedReport.bySeen(p).get(seen)) {
          boolean served = row.role().equals(ServedProtocol.SERVED);
          bars.add(new Bar(row.label(), row.test().all().hitRate(), row.test().all().hitRateMargin(), served));
        }
        Goal goal = ServedReport.goal(p, seen);
        double target = Math.max(Goal.OVER_MOST_POPULAR * goal.mostPopular().test().all().hitRate(),
            Goal.OVER_BEST_BASELINE * goal.bestBaseline().test().all().hitRate());
        groups.add(new Group(p.protocol() + ", seen=" + seen.label(), bars, target));
      }
    }
    return groups;
  }

  static void write(List<Group> groups, String title, Path out) throws IOException {
    System.setProperty("java.awt.headless", "true");
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    if (!ImageIO.write(render(groups, title), "png", out.toFile())) {
      throw new IOException("no PNG writer");
    }
  }

  static BufferedImage render(List<Group> groups, String title) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      List<String> labels = labels(groups);
      double max = 0.01;
      for (Group group : groups) {
        max = Math.max(max, group.goal());
        for (Bar bar : group.bars()) {
          max = Math.max(max, bar.hitRate() + (Double.isNaN(bar.margin()) ? 0 : bar.margin()));
        }
      }
      double step = CtrChart.niceStep(max * 1.1 / 5);
      double top = step * Math.ceil(max * 1.1 / step);
      drawAxes(g, top, step);
      int plotWidth = WIDTH - LEFT - RIGHT;
      int groupWidth = plotWidth / Math.max(1, groups.size());
      int barWidth = Math.max(4, (groupWidth - 30) / Math.max(1, labels.size()));
      for (int gi = 0; gi < groups.size(); gi++) {
        Group group = groups.get(gi);
        int x0 = LEFT + gi * groupWidth + 15;
        for (Bar bar : group.bars()) {
          int slot = labels.indexOf(bar.label());
          int x = x0 + slot * barWidth;
          int y = y(bar.hitRate(), top);
          g.setColor(bar.served() ? SERVED : BASELINES[slot % BASELINES.length]);
          g.fillRect(x + 2, y, barWidth - 4, HEIGHT - BOTTOM - y);
          if (!Double.isNaN(bar.margin())) {
            g.setColor(Color.BLACK);
            int cx = x + barWidth / 2;
            int hi = y(bar.hitRate() + bar.margin(), top);
            int lo = y(Math.max(0, bar.hitRate() - bar.margin()), top);
            g.drawLine(cx, hi, cx, lo);
            g.drawLine(cx - 3, hi, cx + 3, hi);
            g.drawLine(cx - 3, lo, cx + 3, lo);
          }
        }
        Stroke solid = g.getStroke();
        g.setColor(GOAL);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        int gy = y(group.goal(), top);
        g.drawLine(x0, gy, x0 + labels.size() * barWidth, gy);
        g.setStroke(solid);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int center = x0 + labels.size() * barWidth / 2;
        String[] lines = group.label().split(", ");
        for (int l = 0; l < lines.length; l++) {
          g.drawString(lines[l], center - fm.stringWidth(lines[l]) / 2, HEIGHT - BOTTOM + 18 + l * 15);
        }
      }
      drawLegend(g, labels);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
      g.drawString(title, (WIDTH - g.getFontMetrics().stringWidth(title)) / 2, 28);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Every method's label once, in the order the groups list them (the served lists last). */
  private static List<String> labels(List<Group> groups) {
    Set<String> labels = new LinkedHashSet<>();
    groups.forEach(group -> group.bars().stream().filter(b -> !b.served()).forEach(b -> labels.add(b.label())));
    groups.forEach(group -> group.bars().stream().filter(Bar::served).forEach(b -> labels.add(b.label())));
    return new ArrayList<>(labels);
  }

  private static int y(double value, double top) {
    return HEIGHT - BOTTOM - (int) Math.round(value / top * (HEIGHT - TOP - BOTTOM));
  }

  private static void drawAxes(Graphics2D g, double top, double step) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (double v = 0; v <= top + step / 2; v += step) {
      int y = y(v, top);
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(LEFT, y, WIDTH - RIGHT, y);
      g.setColor(Color.BLACK);
      String label = String.format(step >= 0.1 ? "%.1f" : step >= 0.01 ? "%.2f" : "%.3f", v);
      g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }
    g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
    g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    rotated.rotate(-Math.PI / 2);
    String yLabel = "HR@10 (± 95 %)";
    rotated.drawString(yLabel, -(TOP + (HEIGHT - BOTTOM - TOP + rotated.getFontMetrics().stringWidth(yLabel)) / 2), 20);
    rotated.dispose();
  }

  /** Two rows of swatches under the title: the methods, then the goal line. */
  private static void drawLegend(Graphics2D g, List<String> labels) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    int x = LEFT;
    int y = 48;
    for (int i = 0; i < labels.size(); i++) {
      boolean served = i == labels.size() - 1 && labels.get(i).equals(ServedProtocol.SERVED_LABEL);
      int width = 22 + fm.stringWidth(labels.get(i)) + 18;
      if (x + width > WIDTH - RIGHT) {
        x = LEFT;
        y += 20;
      }
      g.setColor(served ? SERVED : BASELINES[i % BASELINES.length]);
      g.fillRect(x, y, 16, 12);
      g.setColor(Color.BLACK);
      g.drawString(labels.get(i), x + 22, y + 11);
      x += width;
    }
    y += 20;
    Stroke solid = g.getStroke();
    g.setColor(GOAL);
    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    g.drawLine(LEFT, y + 6, LEFT + 16, y + 6);
    g.setStroke(solid);
    g.setColor(Color.BLACK);
    g.drawString("goal: max(2.5 × most-popular, 1.25 × best baseline)", LEFT + 22, y + 11);
  }
}
