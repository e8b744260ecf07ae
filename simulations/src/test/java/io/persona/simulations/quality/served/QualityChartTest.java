package io.persona.simulations.quality.served;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityChartTest {
  @TempDir
  Path dir;

  @Test
  void writesAReadablePngWithTheServedBarsInTheirColour() throws Exception {
    List<QualityChart.Group> groups = List.of(
        new QualityChart.Group("leave-last-out, seen=exclude", List.of(
            new QualityChart.Bar("most-popular", 0.03, 0.006, false),
            new QualityChart.Bar("item-kNN last 5", 0.25, 0.015, false),
            new QualityChart.Bar(ServedProtocol.SERVED_LABEL, 0.2, 0.014, true)), 0.31),
        new QualityChart.Group("temporal-next, seen=include", List.of(
            new QualityChart.Bar("most-popular", 0.04, Double.NaN, false),
            new QualityChart.Bar("item-kNN last 5", 0.07, 0.015, false),
            new QualityChart.Bar(ServedProtocol.SERVED_LABEL, 0.1, 0.02, true)), 0.2));
    Path png = dir.resolve("charts/quality.png");

    QualityChart.write(groups, "HR@10", png);

    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "not a readable image");
    assertEquals(QualityChart.WIDTH, image.getWidth());
    assertEquals(QualityChart.HEIGHT, image.getHeight());
    int served = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        served += (image.getRGB(x, y) & 0xffffff) == (QualityChart.SERVED.getRGB() & 0xffffff) ? 1 : 0;
      }
    }
    assertTrue(served > 1000, "two served bars and the legend swatch are drawn: " + served + " pixels");
  }
}
