using MtcnnCuda.Cascade;

namespace MtcnnCuda.Tests.Cascade;

public class NmsTests
{
    private static Candidate Box(float x1, float y1, float x2, float y2, float score) => new(x1, y1, x2, y2, score);

    private static Candidate[] RandomBoxes(Random r, int n)
    {
        var boxes = new Candidate[n];
        for (int i = 0; i < n; i++)
        {
            float x = r.NextSingle() * 100, y = r.NextSingle() * 100, s = 5 + r.NextSingle() * 40;
            boxes[i] = Box(x, y, x + s, y + s * (0.8f + 0.4f * r.NextSingle()), r.NextSingle());
        }
        return boxes;
    }

    [Fact]
    public void Iou_of_known_boxes()
    {
        Assert.Equal(1f, Nms.Overlap(Box(0, 0, 10, 10, 1), Box(0, 0, 10, 10, 1), NmsMode.Union, false));
        Assert.Equal(25f / 175f, Nms.Overlap(Box(0, 0, 10, 10, 1), Box(5, 5, 15, 15, 1), NmsMode.Union, false), 6);
        Assert.Equal(0.25f, Nms.Overlap(Box(0, 0, 10, 10, 1), Box(5, 5, 15, 15, 1), NmsMode.Min, false), 6);
        Assert.Equal(1f, Nms.Overlap(Box(0, 0, 100, 100, 1), Box(10, 10, 20, 20, 1), NmsMode.Min, false));
        Assert.Equal(0f, Nms.Overlap(Box(0, 0, 10, 10, 1), Box(11, 0, 20, 10, 1), NmsMode.Union, false));
        // With the +1 pixel convention touching boxes overlap by one column.
        Assert.Equal(11f / (121 + 110 - 11), Nms.Overlap(Box(0, 0, 10, 10, 1), Box(10, 0, 19, 10, 1), NmsMode.Union, true), 6);
    }

    [Fact]
    public void Overlap_is_symmetric_and_bounded()
    {
        var r = new Random(7);
        var boxes = RandomBoxes(r, 200);
        for (int i = 0; i + 1 < boxes.Length; i += 2)
            foreach (var mode in new[] { NmsMode.Union, NmsMode.Min })
                foreach (bool plusOne in new[] { false, true })
                {
                    float a = Nms.Overlap(boxes[i], boxes[i + 1], mode, plusOne);
                    Assert.Equal(a, Nms.Overlap(boxes[i + 1], boxes[i], mode, plusOne));
                    Assert.InRange(a, 0f, 1f);
                    if (mode == NmsMode.Min) Assert.True(a >= Nms.Overlap(boxes[i], boxes[i + 1], NmsMode.Union, plusOne));
                }
    }

    [Theory]
    [InlineData(NmsMode.Union, false, 0.5f)]
    [InlineData(NmsMode.Union, false, 0.7f)]
    [InlineData(NmsMode.Min, true, 0.7f)]
    public void Greedy_nms_properties_hold_on_random_boxes(NmsMode mode, bool plusOne, float threshold)
    {
        var r = new Random(11);
        for (int trial = 0; trial < 30; trial++)
        {
            var boxes = RandomBoxes(r, r.Next(0, 80));
            var keep = Nms.Select(boxes, threshold, mode, plusOne);
            // Sorted by descending score, no duplicates.
            for (int i = 1; i < keep.Length; i++) Assert.True(boxes[keep[i - 1]].Score >= boxes[keep[i]].Score);
            Assert.Equal(keep.Length, keep.Distinct().Count());
            // No two kept boxes overlap more than the threshold.
            for (int i = 0; i < keep.Length; i++)
                for (int j = i + 1; j < keep.Length; j++)
                    Assert.True(Nms.Overlap(boxes[keep[i]], boxes[keep[j]], mode, plusOne) <= threshold);
            // Every dropped box is covered by a kept box with a score at least as high.
            var kept = keep.ToHashSet();
            for (int d = 0; d < boxes.Length; d++)
            {
                if (kept.Contains(d)) continue;
                Assert.Contains(keep, k => boxes[k].Score >= boxes[d].Score && Nms.Overlap(boxes[k], boxes[d], mode, plusOne) > threshold);
            }
            // The best box always survives.
            if (boxes.Length > 0) Assert.Equal(boxes.Max(b => b.Score), boxes[keep[0]].Score);
        }
    }

    [Fact]
    public void Identical_boxes_collapse_to_the_highest_score()
    {
        var boxes = new[] { Box(1, 1, 20, 20, 0.3f), Box(1, 1, 20, 20, 0.9f), Box(1, 1, 20, 20, 0.5f) };
        Assert.Equal([1], Nms.Select(boxes, 0.5f, NmsMode.Union));
    }

    [Fact]
    public void Min_mode_removes_a_box_nested_inside_a_stronger_one_where_union_keeps_it()
    {
        var boxes = new[] { Box(0, 0, 100, 100, 0.9f), Box(40, 40, 60, 60, 0.8f) };
        Assert.Equal(2, Nms.Select(boxes, 0.7f, NmsMode.Union).Length);
        Assert.Equal([0], Nms.Select(boxes, 0.7f, NmsMode.Min));
    }
}
