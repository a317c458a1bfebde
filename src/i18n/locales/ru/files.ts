/** Russian: the files part of the catalogue (the same keys as ../en/files.ts). */
import type { Catalogue } from '../../index.js';

export const filesMessages: Catalogue = {
  fileCommands: {
    untitled: 'Без имени',
    noExample: 'Примера «{{id}}» нет.',
    openProblems: 'Ничего не изменилось. В файле есть ошибки:',
    cannotOpen: 'Не удаётся открыть {{name}}',
    cannotImport: 'Не удаётся импортировать {{name}}',
    imported: 'Импортирован {{name}}: сохраните его как граф Backprop Studio, чтобы не потерять правки.',
    migrated: 'Файл {{name}} записан прежней версией (формат {{version}}); он будет сохранён в текущем формате.',
    openFailed: 'Не удалось открыть файл: {{error}}',
    openPathFailed: 'Не удалось открыть {{path}}: {{error}}',
    notAGraph: '{{name}} — не граф Backprop Studio (.bps.json) и не модель ONNX (.onnx).',
    readFailed: 'Не удалось прочитать {{name}}: {{error}}',
    saved: 'Сохранено: {{name}}',
    saveFailed: 'Не удалось сохранить: {{error}}. Ваша работа никуда не делась.',
    untrained: 'Граф ещё не обучен: в экспорте нет весов (при загрузке они будут заданы случайно по seed).',
    exportedTrained: 'Обученный граф экспортирован.',
    exportFailed: 'Не удалось экспортировать: {{error}}',
    cannotExport: 'Не удаётся экспортировать в {{format}}',
    exportProblems: 'Ничего не экспортировано. В графе есть ошибки:',
    exported: 'Граф экспортирован в {{format}}.',
    exportToFailed: 'Не удалось экспортировать в {{format}}: {{error}}',
    backupFailed:
      'Не удалось сделать резервную копию несохранённой работы: {{error}}. Сохраните, чтобы не потерять её.',
  },
  connection: {
    cannot: 'Не удаётся соединить: {{problem}}',
    ends: 'соедините выход (справа) со входом (слева)',
    self: 'блок не может подавать значения сам себе',
    gone: 'этого блока уже нет',
    lossOutput:
      '{{block}} — функция потерь: её выход — то, что минимизирует обучение, и он не может идти на вход другому блоку',
    dataBlock: 'блоки «{{block}}» берут значения из данных, а не из других блоков',
    taken: 'вход «{{port}}» блока {{id}} уже занят (связь от {{source}}); сначала удалите эту связь',
    cycle: 'получился бы цикл ({{target}} уже подаёт значения в {{source}}); данные должны идти в одну сторону',
    noInputs: 'у {{id}} нет входов',
    blockAria: 'Блок {{title}} {{id}}',
  },
  commandRun: {
    failed: 'Команда «{{command}}» не выполнена: {{error}}',
  },
  diagnosticWhere: {
    document: '(документ)',
    file: '(файл)',
    graph: '(граф)',
    batch: '(пакет)',
    node: 'блок {{name}}',
    edge: 'связь {{name}}',
    output: 'выход «{{name}}»',
    line: 'строка {{line}}',
    row: 'строка данных {{row}}',
    column: 'столбец {{column}}',
    columnNamed: 'столбец {{column}} ({{name}})',
    columnName: 'столбец «{{name}}»',
  },
};
