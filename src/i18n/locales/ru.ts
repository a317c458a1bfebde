/** Russian. Plural forms: `_one` (1, 21), `_few` (2–4, 22–24), `_many` (5–20, 25…), `_other` (fractions). */
import type { Catalogue } from '../index.js';

export const ru: Catalogue = {
  language: {
    menu: 'Язык',
    command: 'Язык: {{name}}',
  },
  diagnostics: {
    'duplicate-id': "идентификатор блока '{{id}}' уже занят (его носит nodes[{{other}}])",
    'unknown-type': "у блока '{{id}}' неизвестный тип '{{type}}'",
    params: {
      issue: "блок '{{id}}' ({{block}}): {{issue}}",
      columns: "у блока '{{id}}' названо столбцов: {{columns}}, а его размер — {{size}}",
    },
    'unknown-node': "связь {{edge}}: блока '{{node}}' нет",
    'unknown-port': {
      lossOutput: 'связь {{edge}}: выход функции потерь — это цель обучения, его нельзя подать на другой блок',
      noPort: "связь {{edge}}: у блока '{{node}}' нет входа '{{port}}'; его входы: {{ports}}",
      dataBlock: "связь {{edge}}: у блока '{{node}}' нет входа '{{port}}'; входов у него нет (это блок данных)",
    },
    'duplicate-input':
      "на вход '{{port}}' блока '{{node}}' идут две связи ({{first}} и {{second}}); вход принимает одну",
    'loss-without-target':
      "у функции потерь '{{id}}' нет цели: подключите блок Target (или значения, с которыми сравнивать) к её входу 'target'",
    'missing-input': "вход '{{port}}' блока '{{id}}' ({{block}}) не подключён",
    cycle: 'в графе есть цикл: {{cycle}}; данные должны течь в одну сторону, от входов к функциям потерь',
    limit: {
      blockColumns:
        "блок '{{id}}' ({{block}}) выдаёт {{size, number}} столбцов; блок может выдавать не больше {{max, number}}",
      totalColumns: 'блоки выдают всего {{columns, number}} столбцов; допускается не больше {{max, number}}',
      parameters:
        "в графе {{count, number}} обучаемых значений (из них у блока '{{id}}' — {{largest, number}}); допускается не больше {{max, number}}",
    },
    shape: {
      mismatch:
        "размеры не совпадают в блоке '{{id}}' ({{block}}): вход '{{port}}' ждёт [batch × {{expected}}] ({{reason}}), а блок '{{source}}' выдаёт [batch × {{got}}]",
      inputsAmbiguous_one:
        "вход '{{id}}' берёт столбцы из данных, и ещё {{count}} блок Input тоже: выберите столбцы каждого (вкладка «Данные» или params.columns) или задайте params.size",
      inputsAmbiguous_few:
        "вход '{{id}}' берёт столбцы из данных, и ещё {{count}} блока Input тоже: выберите столбцы каждого (вкладка «Данные» или params.columns) или задайте params.size",
      inputsAmbiguous_many:
        "вход '{{id}}' берёт столбцы из данных, и ещё {{count}} блоков Input тоже: выберите столбцы каждого (вкладка «Данные» или params.columns) или задайте params.size",
      inputsAmbiguous_other:
        "вход '{{id}}' берёт столбцы из данных, и ещё {{count}} блока Input тоже: выберите столбцы каждого (вкладка «Данные» или params.columns) или задайте params.size",
      inputNoData:
        "вход '{{id}}' берёт столбцы из данных: загрузите набор данных или укажите имена его столбцов (params.columns) либо params.size",
      inputTargetsUnknown:
        "вход '{{id}}' берёт признаки из данных, но какие столбцы — цели, пока неизвестно: выберите столбцы блока Target (params.columns)",
      inputNoColumnsLeft:
        "вход '{{id}}' берёт столбцы из данных, но свободных столбцов-признаков для него не осталось: выберите его столбцы (params.columns) или задайте params.size",
      targetSize:
        "цель '{{id}}' получает размер от функции потерь, которую питает, или из данных: подключите её ко входу 'target' функции потерь или задайте params.size",
      unknown: "не удаётся вывести число столбцов блока '{{id}}': задайте его размеры",
    },
    'no-loss':
      'в графе нет функции потерь: добавьте её (например, MSE или перекрёстную энтропию) и подайте на неё предсказание и Target, чтобы было что минимизировать',
    weights: {
      unknown: "у блока '{{id}}' ({{block}}) нет веса '{{name}}'; его веса: {{names}}",
      unknownNone: "у блока '{{id}}' ({{block}}) нет веса '{{name}}'",
      shape: "блок '{{id}}' ({{block}}): вес {{name}} должен иметь форму [{{shape}}], а не [{{got}}]",
      length: "блок '{{id}}': вес {{name}} формы [{{shape}}] требует {{length}} значений, а их {{got}}",
      missing: "блок '{{id}}' хранит часть весов, но не '{{name}}'",
    },
    'not-differentiable':
      "{{block}} '{{id}}' имеет нулевой градиент: блоки перед ним не могут учиться градиентным спуском",
    unused: "блок '{{id}}' не влияет ни на одну функцию потерь, поэтому обучение его не учитывает",
  },
  problems: {
    error: 'ошибка',
    warning: 'предупреждение',
    errors_one: '{{count}} ошибка',
    errors_few: '{{count}} ошибки',
    errors_many: '{{count}} ошибок',
    errors_other: '{{count}} ошибки',
    warnings_one: '{{count}} предупреждение',
    warnings_few: '{{count}} предупреждения',
    warnings_many: '{{count}} предупреждений',
    warnings_other: '{{count}} предупреждения',
    diverged: 'Обучение разошлось.',
    show: 'Показать {{id}}',
    cannotStart: 'Обучение не может начаться:',
    none: 'Ошибок нет: граф корректен.',
    onlyWarnings: 'Только предупреждения: граф можно обучать.',
  },
  training: {
    stopped: 'Обучение остановлено: {{message}}',
    diverged: {
      message:
        'обучение разошлось на эпохе {{epoch}}, шаге {{step}}: {{what}}. Веса возвращены к последним конечным значениям; попробуйте уменьшить скорость обучения.',
      weights: "веса блока '{{node}}' взорвались",
      loss: 'функция потерь выросла на порядки',
      output: "блок '{{node}}' выдал бесконечное или неопределённое значение (NaN)",
      gradient: "градиент блока '{{node}}' стал бесконечным или неопределённым (NaN)",
      advice:
        'Входы доходят до {{max}}: включите «стандартизировать входы» на панели данных, чтобы их масштаб был порядка 1.',
    },
  },
  commands: {
    new: { title: 'Новый пустой граф' },
    open: { title: 'Открыть…', short: 'Открыть' },
    save: { title: 'Сохранить' },
    saveAs: { title: 'Сохранить как…', short: 'Сохранить как' },
    exportTrained: { title: 'Экспортировать обученный граф…' },
    'export:onnx': { title: 'Экспортировать модель ONNX…' },
    'export:pytorch': { title: 'Экспортировать код PyTorch…' },
    saveAndClose: { title: 'Сохранить и закрыть' },
    undo: { title: 'Отменить' },
    redo: { title: 'Повторить' },
    cut: { title: 'Вырезать' },
    copy: { title: 'Копировать' },
    paste: { title: 'Вставить' },
    duplicate: { title: 'Дублировать' },
    deleteSelection: { title: 'Удалить выделенное' },
    selectAll: { title: 'Выделить всё' },
    addBlock: { title: 'Добавить блок…' },
    connectOutput: { title: 'Соединить выход с…' },
    connectInput: { title: 'Подать на вход из…' },
    disconnect: { title: 'Убрать связь…' },
    goToBlock: { title: 'Перейти к блоку…' },
    editBlock: { title: 'Изменить выбранный блок' },
    commandPalette: { title: 'Все команды', short: 'Команды' },
    uiZoomIn: { title: 'Увеличить (всё окно)', short: 'Крупнее' },
    uiZoomOut: { title: 'Уменьшить (всё окно)', short: 'Мельче' },
    uiZoomReset: { title: 'Исходный размер (всё окно)', short: 'Исходный размер' },
    zoomIn: { title: 'Приблизить холст' },
    zoomOut: { title: 'Отдалить холст' },
    fitView: { title: 'Показать граф целиком', short: 'Целиком' },
    presentation: { title: 'Режим презентации', short: 'Презентация' },
    exitPresentation: { title: 'Выйти из режима презентации' },
    togglePalette: { title: 'Показать или скрыть палитру блоков' },
    toggleSidebar: { title: 'Показать или скрыть боковую панель' },
    toggleMinimap: { title: 'Показать или скрыть мини-карту' },
    autoLayout: { title: 'Расположить слева направо', short: 'Упорядочить' },
    focusCanvas: { title: 'Перейти на холст' },
    showInspector: { title: 'Показать инспектор' },
    showData: { title: 'Показать панель данных' },
    showTraining: { title: 'Показать настройки обучения' },
    showProblems: { title: 'Показать ошибки' },
    showCharts: { title: 'Показать графики' },
    showOutput: { title: 'Показать выход' },
    showGradientCheck: { title: 'Показать проверку градиента' },
    toggleDock: { title: 'Показать или скрыть нижнюю панель' },
    train: { title: 'Обучить' },
    pause: { title: 'Приостановить обучение', short: 'Пауза' },
    step: { title: 'Шаг на один батч', short: 'Шаг' },
    reset: { title: 'Сбросить веса (тот же seed), кроме заданных вручную' },
    resetAll: { title: 'Сбросить все веса (тот же seed), включая заданные вручную' },
    resetNewSeed: { title: 'Сбросить веса с новым seed' },
    stepThrough: { title: 'Пройти обратное распространение по шагам' },
    gradientCheck: { title: 'Проверить градиент' },
  },
  commandFamilies: {
    template: 'Открыть пример: {{name}}',
    add: 'Добавить блок: {{name}}',
  },
  categories: {
    File: 'Файл',
    Edit: 'Правка',
    Blocks: 'Блоки',
    View: 'Вид',
    Training: 'Обучение',
    Help: 'Справка',
  },
  menu: {
    file: '&Файл',
    edit: '&Правка',
    blocks: '&Блоки',
    view: '&Вид',
    training: '&Обучение',
    newFromExample: 'Создать из примера',
    openRecent: 'Недавние файлы',
    clearRecent: 'Очистить список',
    noRecent: 'Нет недавних файлов',
    about: 'О программе {{app}}',
  },
  about: {
    tagline: 'Собирайте нейронные сети из блоков и смотрите, как они учатся.',
    datasets: 'Встроенные наборы данных:',
  },
  dialogs: {
    cannotOpen: 'Не удалось открыть файл',
    closeUnsaved: {
      message: 'Сохранить изменения в «{{name}}»?',
      detail: 'Если не сохранить, изменения пропадут.',
    },
    unsaved: {
      title: 'Несохранённые изменения',
      body: 'В «{{name}}» есть несохранённые изменения. Сохранить их, прежде чем {{action}}?',
      actions: {
        new: 'создать новый граф',
        example: 'открыть пример',
        open: 'открыть {{file}}',
        import: 'импортировать {{file}}',
      },
    },
    restore: {
      title: 'Восстановить несохранённую работу?',
      body: 'Backprop Studio закрылась, не сохранив изменения в «{{name}}» (резервная копия от {{when}}).{{changed}} Восстановить их?',
      modified:
        ' Файл «{{file}}» изменился на диске после резервного копирования: работа откроется как несохранённая копия, а файл останется как есть.',
      missing: ' Файла «{{file}}» больше нет на диске: работа откроется как несохранённая копия.',
      restore: 'Восстановить',
      restoreCopy: 'Восстановить как копию',
      discard: 'Не восстанавливать',
    },
    buttons: {
      save: 'Сохранить',
      dontSave: 'Не сохранять',
      cancel: 'Отмена',
      ok: 'ОК',
    },
    filters: {
      graph: 'Граф Backprop Studio',
      graphsAndModels: 'Графы и модели ONNX',
      onnx: 'Модель ONNX',
      csv: 'Данные CSV',
      json: 'JSON',
      python: 'Python',
      png: 'Изображение PNG',
      all: 'Все файлы',
    },
  },
};
