// Run or backfill tags as `key=value` chips.
export function TagList({ tags }: { tags: readonly { key: string; value: string }[] }) {
  return (
    <>
      {tags.map((tag) => (
        <code key={tag.key} className="tag">
          {tag.key}={tag.value}
        </code>
      ))}
    </>
  );
}
