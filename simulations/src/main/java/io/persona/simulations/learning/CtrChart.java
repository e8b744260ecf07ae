package io.persona.simulations.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the CTR per simulated minute of two {@link LearningSimulation} results (learning on, and
 * the popularity baseline) as one line chart, with the world's random-list CTR as a dashed floor.
 * Plain Java2D so the chart needs nothing the build does not already have.
 * Usage: {@code CtrChart <learning.json> <popularity.json> <out.png>}.
 */
public final class CtrChart {
  static final int WIDTH = 900;
  static final int HEIGHT = 500;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)};
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One curve: its label and a CTR (fraction, NaN where nothing was shown) per minute. */
  record Series(String label, int[] minutes, double[] ctr) {}

  private CtrChart() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: CtrChart <learning.json> <popularity.json> <out.png>");
      System.exit(2);
    }
    System.setProperty("java.awt.headless", "true");
    JsonNode learning = MAPPER.readTree(new File(args[0]));
    JsonNode popularity = MAPPER.readTree(new File(args[1]));
    double floor = learning.path("world").path("randomSlateCtr").asDouble(Double.NaN);
    write(List.of(series(learning), series(popularity)), floor, Path.of(args[2]));
    System.out.println("Wrote " + Path.of(args[2]).toAbsolutePath());
  }

  static Series series(JsonNode result) {
    JsonNode rows = result.path("minutes");
    int[] minutes = new int[rows.size()];
    double[] ctr = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      minutes[i] = rows.get(i).path("minute").asInt(i + 1);
      JsonNode value = rows.get(i).path("ctr");
      ctr[i] = value.isNumber() ? value.asDouble() : Double.NaN;
    }
    return new Series(result.path("label").asText("run"), minutes, ctr);
  }

  static void write(List<Series> series, double floor, Path out) throws IOException {
    if (out.toAbsolutePath().getParent() != null) {
      java.nio.file.Files.createDirectories(out.toAbsolutePath().getParent());
    }
    if (!ImageIO.write(render(series, floor), "png", out.toFile())) {
      throw new IOException("no PNG writer");
    }
  }

  static BufferedImage render(List<Series> series, double floor) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      Axes axes = Axes.fit(series, floor);
      drawAxes(g, axes);
      if (!Double.isNaN(floor)) {
        g.setColor(Color.GRAY);
        Stroke solid = g.getStroke();
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
        int y = axes.y(floor);
        g.drawLine(LEFT, y, WIDTH - RIGHT, y);
        g.setStroke(solid);
      }
      for (int s = 0; s < series.size(); s++) {
        drawSeries(g, axes, series.get(s), COLORS[s % COLORS.length]);
      }
      drawLegend(g, series, !Double.isNaN(floor));
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      String title = "CTR per simulated minute";
      g.drawString(title, (WIDTH - g.getFontMetrics().stringWidth(title)) / 2, 35);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The plot area's scales: minutes 1..max on x, 0..a round CTR above the highest point on y. */
  private record Axes(int maxMinute, double maxCtr, double step) {
    static Axes fit(List<Series> series, double floor) {
      int maxMinute = 1;
      double maxCtr = Double.isNaN(floor) ? 0 : floor;
      for (Series s : series) {
        for (int i = 0; i < s.minutes().length; i++) {
          maxMinute = Math.max(maxMinute, s.minutes()[i]);
          if (!Double.isNaN(s.ctr()[i])) {
            maxCtr = Math.max(maxCtr, s.ctr()[i]);
          }
        }
      }
      double step = niceStep(Math.max(maxCtr, 0.01) * 1.1 / 5);
      return new Axes(maxMinute, step * Math.ceil(Math.max(maxCtr, 0.01) * 1.1 / step), step);
    }

    int x(double minute) {
      double span = Math.max(1, maxMinute - 1);
      return LEFT + (int) Math.round((minute - 1) / span * (WIDTH - LEFT - RIGHT));
    }

    int y(double ctr) {
      return HEIGHT - BOTTOM - (int) Math.round(ctr / maxCtr * (HEIGHT - TOP - BOTTOM));
    }
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  public static double niceStep(double raw) {
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= raw) {
        return m * power;
      }
    }
    return 10 * power;
  }

  private static void drawAxes(Graphics2D g, Axes axes) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    int bottom = HEIGHT - BOTTOM;
    for (double v = 0; v <= axes.maxCtr() + axes.step() / 2; v += axes.step()) {
      int y = axes.y(v);
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(LEFT, y, WIDTH - RIGHT, y);
      g.setColor(Color.BLACK);
      g.drawLine(LEFT - 5, y, LEFT, y);
      String label = formatPercent(v, axes.step());
      g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }
    int every = Math.max(1, (int) Math.ceil(axes.maxMinute() / 15.0));
    for (int m = 1; m <= axes.maxMinute(); m += every) {
      int x = axes.x(m);
      g.drawLine(x, bottom, x, bottom + 5);
      String label = Integer.toString(m);
      g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 8 + fm.getAscent());
    }
    g.drawLine(LEFT, TOP, LEFT, bottom);
    g.drawLine(LEFT, bottom, WIDTH - RIGHT, bottom);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    fm = g.getFontMetrics();
    String xLabel = "simulated minute";
    g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - fm.stringWidth(xLabel)) / 2, HEIGHT - 20);
    String yLabel = "CTR (clicks / items shown)";
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(yLabel, -(TOP + (bottom - TOP + fm.stringWidth(yLabel)) / 2), 22);
    rotated.dispose();
  }

  private static void drawSeries(Graphics2D g, Axes axes, Series s, Color color) {
    g.setColor(color);
    g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Path2D.Double line = new Path2D.Double();
    boolean open = false;
    List<int[]> points = new ArrayList<>();
    for (int i = 0; i < s.minutes().length; i++) {
      if (Double.isNaN(s.ctr()[i])) {
        open = false; // a minute that showed nothing breaks the line
        continue;
      }
      int x = axes.x(s.minutes()[i]);
      int y = axes.y(s.ctr()[i]);
      if (open) {
        line.lineTo(x, y);
      } else {
        line.moveTo(x, y);
        open = true;
      }
      points.add(new int[] {x, y});
    }
    g.draw(line);
    for (int[] p : points) {
      g.fillOval(p[0] - 4, p[1] - 4, 8, 8);
    }
    g.setStroke(new BasicStroke(1f));
  }

  private static void drawLegend(Graphics2D g, List<Series> series, boolean floor) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics fm = g.getFontMetrics();
    int x = LEFT + 15;
    int y = TOP + 10;
    int rows = series.size() + (floor ? 1 : 0);
    int width = 40;
    for (Series s : series) {
      width = Math.max(width, fm.stringWidth(s.label()));
    }
    width = Math.max(width, fm.stringWidth("random lists"));
    g.setColor(new Color(255, 255, 255, 230));
    g.fillRect(x - 8, y - 4, width + 50, rows * 20 + 8);
    g.setColor(Color.LIGHT_GRAY);
    g.drawRect(x - 8, y - 4, width + 50, rows * 20 + 8);
    for (int s = 0; s < series.size(); s++) {
      g.setColor(COLORS[s % COLORS.length]);
      g.fillRect(x, y + s * 20 + 6, 28, 4);
      g.setColor(Color.BLACK);
      g.drawString(series.get(s).label(), x + 36, y + s * 20 + 8 + fm.getAscent() / 2 - 1);
    }
    if (floor) {
      int row = series.size();
      g.setColor(Color.GRAY);
      g.drawLine(x, y + row * 20 + 8, x + 10, y + row * 20 + 8);
      g.drawLine(x + 16, y + row * 20 + 8, x + 28, y + row * 20 + 8);
      g.setColor(Color.BLACK);
      g.drawString("random lists", x + 36, y + row * 20 + 8 + fm.getAscent() / 2 - 1);
    }
  }

  private static String formatPercent(double ctr, double step) {
    int decimals = step * 100 >= 1 ? 0 : step * 100 >= 0.1 ? 1 : 2;
    return String.format("%." + decimals + "f%%", 100 * ctr);
  }
}
