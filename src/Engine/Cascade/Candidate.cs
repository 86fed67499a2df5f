namespace MtcnnCuda.Cascade;

/// <summary>A face candidate between stages: box corners, score and the box offsets the last net predicted.</summary>
internal struct Candidate
{
    public float X1, Y1, X2, Y2, Score;
    public float Dx1, Dy1, Dx2, Dy2;

    public Candidate(float x1, float y1, float x2, float y2, float score)
    {
        X1 = x1; Y1 = y1; X2 = x2; Y2 = y2; Score = score;
    }

    public readonly float Width => X2 - X1;
    public readonly float Height => Y2 - Y1;
}
